using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Hoshi.Data;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Hoshi.Web.Shared;

/// <summary>
/// Where the key that encrypts Hoshi's Data Protection key ring is kept (section <c>Hoshi:Keys</c>).
/// The key ring lives in the database (every node reads it) and protects the sign-in cookies and
/// the registry's signing keys; encrypted with a key held outside the database, a copy of the
/// database or a backup alone forges nothing.
/// </summary>
public sealed class KeyProtectionSettings
{
    public const string Section = "Hoshi:Keys";

    /// <summary>
    /// The key file (32 random bytes, base64, made by <c>./hoshi keys create-file PATH</c>). Required with
    /// PostgreSQL; with SQLite it defaults to <c>NAME.keys</c> beside the database file, made on first start.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>Key files used before the current one: still read, never written (see <c>./hoshi keys rotate</c>).</summary>
    public List<string> PreviousKeyFiles { get; set; } = [];
}

/// <summary>A setting that does not let Hoshi protect its keys: Hoshi does not start.</summary>
public sealed class KeyProtectionException(string message) : Exception(message);

/// <summary>The key-file keys: the current one encrypts, every one given decrypts. Each is named by the start of its SHA-256.</summary>
public sealed class KeyFileKeys
{
    private readonly Dictionary<string, byte[]> _keys;

    private KeyFileKeys(string currentPath, string currentId, Dictionary<string, byte[]> keys)
    {
        CurrentPath = currentPath;
        CurrentId = currentId;
        _keys = keys;
    }

    public string CurrentPath { get; }

    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    public byte[]? Find(string id) => _keys.GetValueOrDefault(id);

    public const int KeyLength = 32;

    /// <summary>The key file Hoshi uses: the setting, or for SQLite NAME.keys beside the database; with PostgreSQL and no setting, a <see cref="KeyProtectionException"/>.</summary>
    public static string ResolvePath(KeyProtectionSettings settings, DatabaseSetting database) =>
        !string.IsNullOrWhiteSpace(settings.KeyFile)
            ? Path.GetFullPath(settings.KeyFile)
            : database.Provider == DatabaseProvider.Sqlite
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Target)) ?? ".", Path.GetFileNameWithoutExtension(database.Target) + ".keys")
                : throw new KeyProtectionException(
                    "Hoshi:Keys:KeyFile is not set. With PostgreSQL every node must read the same key file, kept outside the database: "
                    + "make one with './hoshi keys create-file PATH', copy it to each node (readable by Hoshi only) and set Hoshi__Keys__KeyFile=PATH.");

    public static KeyFileKeys Load(KeyProtectionSettings settings, DatabaseSetting database)
    {
        var path = ResolvePath(settings, database);
        if (!File.Exists(path))
        {
            if (!string.IsNullOrWhiteSpace(settings.KeyFile))
            {
                throw new KeyProtectionException($"The key file {path} (Hoshi:Keys:KeyFile) does not exist. Make one with './hoshi keys create-file {path}', or give the path of the existing one.");
            }

            // One machine with SQLite: the key file is made beside the database, never inside it.
            Create(path);
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var current = Read(path);
        var currentId = IdOf(current);
        keys[currentId] = current;
        foreach (var previous in settings.PreviousKeyFiles.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var key = Read(Path.GetFullPath(previous));
            keys.TryAdd(IdOf(key), key);
        }

        return new KeyFileKeys(path, currentId, keys);
    }

    /// <summary>Writes a new key file (readable by its owner only); refuses to replace one.</summary>
    public static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength)));
    }

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    private static byte[] Read(string path)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new KeyProtectionException($"The key file {path} cannot be read ({e.Message}).");
        }

        return key.Length == KeyLength ? key : throw new KeyProtectionException($"The key file {path} does not hold {KeyLength} bytes (base64).");
    }
}

/// <summary>Encrypts a Data Protection key with the current key file's key (AES-256-GCM, the key's id as associated data).</summary>
public sealed class KeyFileXmlEncryptor(KeyFileKeys keys) : IXmlEncryptor
{
    public const string ElementName = "hoshiKeyFileEncrypted";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(keys.Current, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(keys.CurrentId));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName, new XAttribute("keyId", keys.CurrentId), Convert.ToBase64String([.. nonce, .. ciphertext, .. tag]));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="KeyFileXmlEncryptor"/> wrote, with whichever given key file made it.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<KeyFileKeys>();
        var id = (string?)encryptedElement.Attribute("keyId") ?? "";
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"This Data Protection key was encrypted with key file {id}, which is not given (Hoshi:Keys:KeyFile {keys.CurrentId}, or Hoshi:Keys:PreviousKeyFiles).");
        var data = Convert.FromBase64String(encryptedElement.Value);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plaintext = new byte[data.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(key, tagSize))
        {
            aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize, plaintext.Length), data.AsSpan(nonceSize + plaintext.Length), plaintext, Encoding.ASCII.GetBytes(id));
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// Brings every Data Protection key in the database under the current key file: keys stored in
/// plain text (before key files) or under a previous key file are encrypted again. Run by
/// <c>./hoshi keys rotate</c> after a new key file was given (the old one in Hoshi:Keys:PreviousKeyFiles).
/// </summary>
public static class KeyRingReencryption
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    /// <summary>How many keys were encrypted again, and the keys left as they were because no given key file opens them.</summary>
    public sealed record Outcome(int Reencrypted, IReadOnlyList<string> Unreadable);

    public static async Task<Outcome> ReencryptAsync(AppDbContext db, KeyFileKeys keys, IServiceProvider services, CancellationToken ct)
    {
        var unreadable = new List<string>();
        var encryptor = new KeyFileXmlEncryptor(keys);
        var decryptor = new KeyFileXmlDecryptor(services);
        var changed = 0;
        foreach (var row in await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DataProtectionKeys, ct))
        {
            if (row.Xml is null)
            {
                continue;
            }

            var xml = XElement.Parse(row.Xml);
            var touched = false;
            foreach (var secret in xml.Descendants(EncryptedSecret).ToList())
            {
                if (secret.Element(KeyFileXmlEncryptor.ElementName) is not { } sealedKey)
                {
                    throw new KeyProtectionException($"Data Protection key {row.FriendlyName} is encrypted by another means ({(string?)secret.Attribute("decryptorType")}); Hoshi leaves it as it is.");
                }

                if ((string?)sealedKey.Attribute("keyId") == keys.CurrentId)
                {
                    continue;
                }

                XElement opened;
                try
                {
                    opened = decryptor.Decrypt(sealedKey);
                }
                catch (CryptographicException e)
                {
                    // Made under a key file nobody gave (it cannot protect anything Hoshi can read either).
                    unreadable.Add($"{row.FriendlyName}: {e.Message}");
                    continue;
                }

                secret.ReplaceWith(Seal(encryptor, opened));
                touched = true;
            }

            foreach (var plain in xml.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true && !e.Ancestors(EncryptedSecret).Any()).ToList())
            {
                plain.ReplaceWith(Seal(encryptor, new XElement(plain)));
                touched = true;
            }

            if (touched)
            {
                row.Xml = xml.ToString(SaveOptions.DisableFormatting);
                changed++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new Outcome(changed, unreadable);
    }

    private static XElement Seal(KeyFileXmlEncryptor encryptor, XElement plaintext)
    {
        var info = encryptor.Encrypt(plaintext);
        return new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement);
    }
}
