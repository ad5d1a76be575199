namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Tests that run a real server process and measure or kill it (load, crash): they run on their
/// own, after the other test classes, so that their figures are not the other tests' CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealServerTests
{
    public const string Name = "Real server process";
}
