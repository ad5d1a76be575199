namespace Hoshi.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where Hoshi keeps its data, from the <c>HOSHI_DB</c> setting: <c>sqlite:PATH</c> or
/// <c>postgres:CONNECTION-STRING</c>.
/// </summary>
public sealed record DatabaseSetting(DatabaseProvider Provider, string Target)
{
    public const string Key = "HOSHI_DB";
    public const string DefaultValue = "sqlite:./data/hoshi.db";

    public static DatabaseSetting Parse(string? value)
    {
        value = string.IsNullOrWhiteSpace(value) ? DefaultValue : value.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : value[..colon];
        var target = colon < 0 ? "" : value[(colon + 1)..].Trim();
        var provider = scheme.ToUpperInvariant() switch
        {
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" => DatabaseProvider.Postgres,
            _ => throw new FormatException($"{Key} must be \"sqlite:PATH\" or \"postgres:CONNECTION-STRING\" (got \"{value}\")."),
        };
        if (target.Length == 0)
        {
            throw new FormatException($"{Key}: the {scheme} setting needs a {(provider == DatabaseProvider.Sqlite ? "file path" : "connection string")} after the colon.");
        }

        return new DatabaseSetting(provider, target);
    }

    /// <summary>A description without secrets, for logs and the CLI.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite at {Path.GetFullPath(Target)}",
        DatabaseProvider.Postgres => "PostgreSQL " + string.Join(';', Target.Split(';')
            .Where(p => !p.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase))),
    };
}
