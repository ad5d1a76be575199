namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// The text of a PDF as poppler's pdftotext extracts it, NFKC-normalized: the CJK font shares
/// glyphs between ideographs and Kangxi radicals (日 and ⽇), and the PDF's ToUnicode map names the radical.
/// </summary>
internal static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hoshi-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        if (Environment.GetEnvironmentVariable("HOSHI_KEEP_PDF") is { Length: > 0 } keep)
        {
            File.WriteAllBytes(keep, pdf);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output.Normalize(System.Text.NormalizationForm.FormKC);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
