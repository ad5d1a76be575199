namespace Hoshi.Data;

/// <summary>
/// A row edited by people: its <see cref="Version"/> is the optimistic-concurrency token. An edit
/// based on an older version fails with <c>DbUpdateConcurrencyException</c> instead of silently
/// overwriting someone else's change.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
