using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Hoshi.Web.Tests.Shared;

/// <summary>The text a QR code image carries, read with ZXing (another library than the one that drew it).</summary>
internal static class QrText
{
    private static readonly Dictionary<DecodeHintType, object>[] Hints =
    [
        new() { [DecodeHintType.PURE_BARCODE] = true },
        new() { [DecodeHintType.TRY_HARDER] = true },
    ];

    /// <summary>Decodes the QR code in a PNG, or a <c>data:image/png;base64,</c> URI of one.</summary>
    public static string Decode(string pngDataUri)
    {
        var uri = System.Net.WebUtility.HtmlDecode(pngDataUri);
        return Decode(Convert.FromBase64String(uri[(uri.IndexOf(',', StringComparison.Ordinal) + 1)..]));
    }

    public static string Decode(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("Not an image.");
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                gray[(y * bitmap.Width) + x] = (byte)(((pixel.Red * 299) + (pixel.Green * 587) + (pixel.Blue * 114)) / 1000);
            }
        }

        // A drawn code is a pure barcode (no perspective, a quiet zone): read as such first; the finder-pattern
        // search alone missed some codes now and then (one run in several hundred, depending on the content).
        var source = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        foreach (var hints in Hints)
        {
            if (new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints) is { } result)
            {
                return result.Text;
            }
        }

        throw new InvalidOperationException("No QR code could be read.");
    }
}
