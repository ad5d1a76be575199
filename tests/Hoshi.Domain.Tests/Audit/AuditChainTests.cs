using Hoshi.Domain.Audit;

namespace Hoshi.Domain.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, 123, TimeSpan.Zero);

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var (sequence, hash) = (0L, AuditChain.Genesis);
        for (var i = 0; i < count; i++)
        {
            var e = AuditChain.Append(sequence, hash, Start.AddMinutes(i), new AuditEvent("user-1", "org-1", "thing.changed", "Thing", $"t{i}", $"{{\"n\":{i}}}", "127.0.0.1"));
            entries.Add(e);
            (sequence, hash) = (e.Sequence, e.Hash);
        }

        return entries;
    }

    [Fact]
    public void Verify_AcceptsAnIntactChain()
    {
        var chain = Chain(5);

        var result = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.True(result.Intact);
        Assert.Equal(5, result.Verified);
    }

    [Fact]
    public void Verify_AcceptsAnEmptyChain_AtGenesis() =>
        Assert.True(AuditChain.Verify([], 0, AuditChain.Genesis).Intact);

    [Fact]
    public void Append_LinksEachEntryToThePreviousHash()
    {
        var chain = Chain(3);

        Assert.Equal(AuditChain.Genesis, chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal([1L, 2L, 3L], chain.Select(e => e.Sequence));
        Assert.Equal(DateTimeKind.Utc, chain[0].OccurredAt.Kind);
        Assert.Equal(0, chain[0].OccurredAt.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Theory]
    [InlineData("actor")]
    [InlineData("org")]
    [InlineData("action")]
    [InlineData("object")]
    [InlineData("changes")]
    [InlineData("address")]
    [InlineData("time")]
    public void Verify_FindsAChangedField_AtItsRecord(string field)
    {
        var chain = Chain(5);
        var e = chain[2];
        var changed = field switch
        {
            "actor" => e with { Event = e.Event with { Actor = "someone-else" } },
            "org" => e with { Event = e.Event with { OrganizationId = null } },
            "action" => e with { Event = e.Event with { Action = "thing.deleted" } },
            "object" => e with { Event = e.Event with { ObjectId = "other" } },
            "changes" => e with { Event = e.Event with { Changes = "{\"n\":99}" } },
            "address" => e with { Event = e.Event with { Address = "10.0.0.1" } },
            "time" => e with { OccurredAt = e.OccurredAt.AddSeconds(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        chain[2] = changed;

        var result = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(2, result.Verified);
        Assert.Contains("changed after it was written", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FindsARecomputedHash_ThroughTheNextLink()
    {
        var chain = Chain(4);
        var e = chain[1];
        var forgedEvent = e.Event with { Changes = "{\"n\":42}" };
        chain[1] = e with { Event = forgedEvent, Hash = AuditChain.Hash(e.Sequence, e.OccurredAt, forgedEvent, e.PreviousHash) };

        var result = AuditChain.Verify(chain, 4, chain[^1].Hash);

        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("does not point to the hash", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FindsARemovedRecord_InTheMiddle()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);

        var result = AuditChain.Verify(chain, 5, chain[^1].Hash);

        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("#3 is missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FindsRemovedNewestRecords_ThroughTheHead()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;

        var result = AuditChain.Verify(chain.Take(3), 5, head);

        Assert.Equal(4, result.BrokenAt);
        Assert.Equal(3, result.Verified);
        Assert.Contains("#4–#5 are missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FindsRecordsBeyondTheHead()
    {
        var chain = Chain(5);

        var result = AuditChain.Verify(chain, 4, chain[3].Hash);

        Assert.False(result.Intact);
    }
}
