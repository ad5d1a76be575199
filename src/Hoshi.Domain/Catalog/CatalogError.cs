namespace Hoshi.Domain.Catalog;

/// <summary>One broken rule in a catalog file: where (a JSON path such as <c>$.requirements[3].no</c>) and what.</summary>
public sealed record CatalogError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A catalog file was refused. Nothing of it may be stored.</summary>
public sealed class CatalogValidationException : Exception
{
    public CatalogValidationException(string fileName, IReadOnlyList<CatalogError> errors)
        : base(Describe(fileName, errors))
    {
        FileName = fileName;
        Errors = errors;
    }

    public CatalogValidationException()
        : this("catalog", [])
    {
    }

    public CatalogValidationException(string message)
        : base(message)
    {
        FileName = "catalog";
        Errors = [];
    }

    public CatalogValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = "catalog";
        Errors = [];
    }

    public string FileName { get; } = "catalog";

    public IReadOnlyList<CatalogError> Errors { get; } = [];

    private static string Describe(string fileName, IReadOnlyList<CatalogError> errors) =>
        errors.Count == 0
            ? $"{fileName}: refused"
            : string.Join(Environment.NewLine, errors.Select(e => $"{fileName}: {e}"));
}
