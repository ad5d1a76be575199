using System.CommandLine;
using Hoshi.Data;
using Hoshi.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Cli;

/// <summary><c>audit verify</c>: checks the audit chain; exit 0 with the count, or 1 naming the first broken record.</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Work with the tamper-evident audit trail.");
        var verify = new Command("verify", "Recompute the audit chain and report the first broken record (exit 1) or how many records hold (exit 0).");
        verify.SetAction((_, ct) => CliHost.RunAsync(async (services, ct2) =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var result = await AuditTrail.VerifyAsync(db, ct2);
            if (result.Intact)
            {
                // Start-up (CliHost migrates) chains what a crash left pending; what is pending now is being written.
                var pending = await db.PendingAuditRecords.CountAsync(ct2);
                await Console.Out.WriteLineAsync($"Audit trail intact: {result.Verified} records verified." + (pending > 0 ? $" {pending} just written, not chained yet." : ""));
                return 0;
            }

            await Console.Error.WriteLineAsync($"Audit trail broken at record #{result.BrokenAt}: {result.Reason}. Records #1–#{result.Verified} verified.");
            return 1;
        }, ct));
        audit.Add(verify);
        return audit;
    }
}
