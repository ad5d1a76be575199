using System.Diagnostics.Metrics;

namespace Hoshi.Web.Shared.Telemetry;

/// <summary>
/// Hoshi's own instruments (meter <c>Hoshi</c>), beside ASP.NET Core's request metrics, the
/// runtime's and Npgsql's. Counters are this node's; the gauges read from the database
/// (<see cref="OperationsSampler"/>) are the cluster's, the same on every node.
/// </summary>
public static class HoshiMetrics
{
    public const string MeterName = "Hoshi";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Spans of Hoshi's own background work (scheduled jobs, imports): exported with OTLP, and their ids in the log lines.</summary>
    public static readonly System.Diagnostics.ActivitySource Activities = new(MeterName);

    /// <summary>
    /// A span for background work. Without a listener (no OTLP) the source gives none, so one is
    /// started by hand: the log lines of the work then still carry a trace id.
    /// </summary>
    public static System.Diagnostics.Activity StartBackground(string name) =>
        Activities.StartActivity(name) ?? new System.Diagnostics.Activity(name).Start();

    /// <summary>Failed sign-ins, wrong second-factor codes and reset requests counted by the throttle, by kind.</summary>
    public static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>("hoshi.signin.failures", "{failure}", "Failed sign-ins, wrong codes and reset requests counted by the throttle");

    /// <summary>Accounts locked by too many wrong passwords or codes.</summary>
    public static readonly Counter<long> Lockouts = Meter.CreateCounter<long>("hoshi.signin.lockouts", "{lockout}", "Accounts locked after too many failures");

    /// <summary>Attempts refused by the throttle (429).</summary>
    public static readonly Counter<long> ThrottleRefusals = Meter.CreateCounter<long>("hoshi.signin.throttled", "{refusal}", "Sign-in attempts refused by the throttle");

    /// <summary>Scheduled job runs on this node, by job (tag <c>job.name</c>: Prometheus keeps <c>job</c> for the scrape target) and outcome (ok, failed).</summary>
    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("hoshi.jobs.runs", "{run}", "Scheduled job runs on this node");

    /// <summary>Mail sends on this node, by outcome (sent, failed).</summary>
    public static readonly Counter<long> MailSends = Meter.CreateCounter<long>("hoshi.mail.sends", "{message}", "Mail send attempts on this node");

    private static OperationsSample? _sample;
    private static int _observed;

    /// <summary>Points the gauges at this application's sample (registered once a process: tests build several applications).</summary>
    internal static void Observe(OperationsSample sample)
    {
        Volatile.Write(ref _sample, sample);
        if (Interlocked.Exchange(ref _observed, 1) == 1)
        {
            return;
        }

        static IEnumerable<Measurement<double>> Read(Func<OperationsSample, double> figure) =>
            Volatile.Read(ref _sample) is { } current ? [new Measurement<double>(figure(current))] : [];

        Meter.CreateObservableGauge("hoshi.outbox.backlog", () => Read(s => s.Current.OutboxBacklog), "{message}", "Mail not yet sent");
        Meter.CreateObservableGauge("hoshi.outbox.failing", () => Read(s => s.Current.OutboxFailing), "{message}", "Unsent mail that failed at least once");
        Meter.CreateObservableGauge("hoshi.outbox.oldest_age", () => Read(s => s.Current.OutboxOldestSeconds), "s", "Age of the oldest unsent mail");
        Meter.CreateObservableGauge("hoshi.imports.queued", () => Read(s => s.Current.ImportsQueued), "{import}", "Supplier imports queued or running");
        Meter.CreateObservableGauge("hoshi.audit.pending", () => Read(s => s.Current.AuditPending), "{record}", "Audit records waiting to be chained");
        Meter.CreateObservableGauge("hoshi.jobs.failing", () => Read(s => s.Current.JobsFailing), "{job}", "Scheduled jobs whose last run failed");
        Meter.CreateObservableGauge("hoshi.audit.chain_broken", () => Read(s => s.Current.AuditChainBroken ? 1 : 0), "{flag}", "1 when the last audit chain verification (job audit-verify) found the chain broken");
        Meter.CreateObservableGauge("hoshi.jobs.overdue", () => Read(s => s.Current.JobsOverdue), "{job}", "Scheduled jobs more than an hour past their time");
        Meter.CreateObservableGauge("hoshi.registry.snapshot.entries", () => Read(s => s.Snapshot.Count), "{entry}", "Entries in this node's registry snapshot");
        Meter.CreateObservableGauge("hoshi.registry.snapshot.age", () => Read(s => s.Snapshot.SinceSynced?.TotalSeconds ?? -1), "s", "Seconds since this node's registry snapshot caught up with the log (-1: not loaded)");
        Meter.CreateObservableGauge("hoshi.sample.age", () => Read(s => s.Age.TotalSeconds), "s", "Seconds since the database-backed gauges were read");
    }
}
