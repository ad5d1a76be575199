namespace Hoshi.Domain;

/// <summary>Maturity level of the scheme (★3 Basic, ★4 Standard, ★5 still being defined).</summary>
public enum Level
{
    Star3 = 3,
    Star4 = 4,
    Star5 = 5,
}

public static class LevelExtensions
{
    public static int Number(this Level level) => (int)level;

    public static bool TryFromNumber(int number, out Level level)
    {
        level = (Level)number;
        return number is >= 3 and <= 5;
    }
}
