namespace Hoshi.Web.Tests;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds Hoshi.slnx.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hoshi.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No Hoshi.slnx above " + AppContext.BaseDirectory);
    }
}
