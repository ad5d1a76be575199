using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Hoshi.Web.Tests.Shared;

/// <summary>The text a QR code image carries, read with ZXing (another library than the one that drew it).</summary>
internal static class QrText
{
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

        var source = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        return result?.Text ?? throw new InvalidOperationException("No QR code could be read.");
    }
}
