namespace Hoshi.Domain.Organizations;

/// <summary>従業員数の規模: the bands the scheme's analyses use.</summary>
public enum EmployeeBand
{
    UpTo10,
    From11To50,
    From51To100,
    From101To300,
    From301To500,
    From501To1000,
    From1001To3000,
    From3001To5000,
    From5001To10000,
    Over10000,
}

public static class EmployeeBands
{
    private static readonly (EmployeeBand Band, int Min, int? Max)[] Ranges =
    [
        (EmployeeBand.UpTo10, 1, 10),
        (EmployeeBand.From11To50, 11, 50),
        (EmployeeBand.From51To100, 51, 100),
        (EmployeeBand.From101To300, 101, 300),
        (EmployeeBand.From301To500, 301, 500),
        (EmployeeBand.From501To1000, 501, 1000),
        (EmployeeBand.From1001To3000, 1001, 3000),
        (EmployeeBand.From3001To5000, 3001, 5000),
        (EmployeeBand.From5001To10000, 5001, 10000),
        (EmployeeBand.Over10000, 10001, null),
    ];

    /// <summary>The band of a headcount (at least 1).</summary>
    public static EmployeeBand ForHeadcount(int employees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(employees, 1);
        return Ranges.First(r => employees >= r.Min && (r.Max is null || employees <= r.Max)).Band;
    }

    public static int Minimum(this EmployeeBand band) => Ranges.Single(r => r.Band == band).Min;

    /// <summary>The upper bound, or null for the open-ended top band.</summary>
    public static int? Maximum(this EmployeeBand band) => Ranges.Single(r => r.Band == band).Max;

    /// <summary>A label such as "11–50" or "10001+".</summary>
    public static string Label(this EmployeeBand band) =>
        band.Maximum() is { } max ? (band == EmployeeBand.UpTo10 ? $"~{max}" : $"{band.Minimum()}–{max}") : $"{band.Minimum()}+";
}
