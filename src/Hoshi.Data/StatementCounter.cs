using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hoshi.Data;

/// <summary>The statements one unit of work (a web request) sent to the database, and the time they took.</summary>
public sealed class StatementTally
{
    private int _count;
    private long _ticks;

    public int Count => Volatile.Read(ref _count);

    public TimeSpan Duration => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    internal void Add(TimeSpan duration)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, duration.Ticks);
    }
}

/// <summary>
/// Counts every SQL statement EF Core sends, per unit of work (<see cref="Begin"/>, carried by the
/// async flow: a request and everything it awaits) and in total, as the <c>hoshi.db.statements</c>
/// counter and <c>hoshi.db.statement.duration</c> histogram of the <see cref="MeterName"/> meter.
/// Statement budgets of hot pages are tested with it; operators read the meter.
/// </summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    public const string MeterName = "Hoshi.Data";

    public static readonly StatementCounter Instance = new();

    private static readonly AsyncLocal<StatementTally?> CurrentTally = new();
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Statements = Meter.CreateCounter<long>("hoshi.db.statements", description: "SQL statements sent to the database");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>("hoshi.db.statement.duration", "s", "Time from sending a statement to its first result");
    private static long _total;

    private StatementCounter()
    {
    }

    /// <summary>Every statement since the process started.</summary>
    public static long Total => Interlocked.Read(ref _total);

    /// <summary>The tally of the current unit of work, if one was begun.</summary>
    public static StatementTally? Current => CurrentTally.Value;

    /// <summary>Starts a tally for the calling flow and what it awaits from here on.</summary>
    public static StatementTally Begin()
    {
        var tally = new StatementTally();
        CurrentTally.Value = tally;
        return tally;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Record(eventData.Duration);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(eventData.Duration);
        return Task.CompletedTask;
    }

    private static void Record(TimeSpan duration)
    {
        Interlocked.Increment(ref _total);
        CurrentTally.Value?.Add(duration);
        Statements.Add(1);
        if (Durations.Enabled)
        {
            Durations.Record(duration.TotalSeconds);
        }
    }
}
