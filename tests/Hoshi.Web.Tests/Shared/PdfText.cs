namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// The text of a PDF as poppler's pdftotext extracts it, exactly (no normalization: 日 must come back
/// as 日, never as the Kangxi radical ⽇), after checking what every PDF Hoshi makes must be
/// (<see cref="AssertWellMade"/>).
/// </summary>
internal static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        AssertWellMade(pdf);
        return Run("pdftotext", ["-enc", "UTF-8", "{0}", "-"], pdf);
    }

    /// <summary>pdffonts' list of the fonts in the PDF.</summary>
    public static string Fonts(byte[] pdf) => Run("pdffonts", ["{0}"], pdf);

    /// <summary>
    /// Every font embedded and none of Type 3 (pdffonts); a title, tagged (pdfinfo); a language in the
    /// catalog; and no code point of the CJK radical blocks (U+2E80–U+2FDF) in the text.
    /// </summary>
    public static void AssertWellMade(byte[] pdf)
    {
        var fonts = Run("pdffonts", ["{0}"], pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line =>
        {
            Assert.DoesNotContain("Type 3", line, StringComparison.Ordinal);
            Assert.Matches(@"\s(CID TrueType|TrueType)\s.*\syes\s+yes\s+yes\s", line);
        });
        var info = Run("pdfinfo", ["{0}"], pdf);
        Assert.Matches(@"(?m)^Title:\s+\S", info);
        Assert.Matches(@"(?m)^Tagged:\s+yes", info);
        Assert.Matches(@"/Lang\s*\((ja-JP|en)", System.Text.Encoding.Latin1.GetString(pdf));
        var text = Run("pdftotext", ["-enc", "UTF-8", "{0}", "-"], pdf);
        Assert.DoesNotContain(text, c => c is >= '\u2E80' and <= '\u2FDF');
    }

    private static string Run(string tool, string[] arguments, byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hoshi-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        if (Environment.GetEnvironmentVariable("HOSHI_KEEP_PDF") is { Length: > 0 } keep)
        {
            File.WriteAllBytes(keep, pdf);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments.Select(a => a == "{0}" ? path : a)) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
