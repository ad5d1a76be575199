using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hoshi.Data.Assessments;
using Hoshi.Data.Backup;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Organizations;
using Hoshi.Web.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests.Backup;

/// <summary>A populated database backed up, changed, and restored: every table as it was at the backup (SQLite and PostgreSQL).</summary>
public sealed class BackupTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    /// <summary>Every table's rows (values as invariant text), sorted, hashed: table → (rows, hash).</summary>
    private async Task<SortedDictionary<string, (int Rows, string Hash)>> SnapshotAsync()
    {
        await using var db = database.NewContext();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Append("__EFMigrationsHistory").Distinct().ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var snapshot = new SortedDictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var cells = new string[reader.FieldCount];
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        cells[i] = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                        {
                            byte[] bytes => Convert.ToBase64String(bytes),
                            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                            var other => other.ToString() ?? "",
                        };
                    }

                    rows.Add(string.Join('\u001f', cells));
                }
            }

            rows.Sort(StringComparer.Ordinal);
            snapshot[table] = (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows)))));
        }

        return snapshot;
    }

    [Fact]
    public async Task A_populated_database_comes_back_table_by_table_after_changes()
    {
        Guid round;
        await using (var db = database.NewContext())
        {
            await database.NewCatalogStore(db).ImportShippedAsync("test");
            var organization = await new OrganizationStore(db, database.Clock).CreateAsync(new NewOrganization("バックアップの会社", "Backup Co.", null, EmployeeBand.From11To50, "製造業", "23"), "test");
            round = Guid.NewGuid();
            var now = DateTime.UtcNow;
            db.Assessments.Add(new AssessmentRecord { Id = round, OrganizationId = organization.Id, Level = Level.Star3, CatalogVersionId = "scs-2026-03", State = AssessmentState.Approved, HoursOnSheet = 12.5m, CreatedAt = now, UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-1", Value = YesNo.Yes, Supplement = "体制表(2026年4月)", UpdatedAt = now });
            db.Answers.Add(new AnswerRecord { AssessmentId = round, CriterionId = "1-2-1-2", Value = YesNo.No, Supplement = "未整備", UpdatedAt = now });
            db.Verdicts.Add(new VerdictRecord { AssessmentId = round, CriterionId = "1-2-1-1", Verdict = Verdict.Conformant, Remark = "確認済み", UpdatedAt = now });
            db.Audit(new Domain.Audit.AuditEvent("test", organization.Id.ToString(), "backup.populated", "Assessment", round.ToString(), "{}", null), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var before = await SnapshotAsync();
        Assert.True(before["Answers"].Rows == 2 && before["ConformanceFacts"].Rows == 2 && before["AuditRecords"].Rows > 0 && before["CatalogVersions"].Rows == 2);
        var file = Path.Combine(Path.GetTempPath(), $"hoshi-backup-{Guid.NewGuid():N}.bak");
        try
        {
            await DatabaseBackup.BackupAsync(database.Setting, file, overwrite: false);
            await Assert.ThrowsAsync<BackupException>(() => DatabaseBackup.BackupAsync(database.Setting, file, overwrite: false));

            // Changes after the backup: a new organization, an answer deleted, a verdict changed.
            await using (var db = database.NewContext())
            {
                await new OrganizationStore(db, database.Clock).CreateAsync(new NewOrganization("後から来た会社", null, null, EmployeeBand.UpTo10, null, null), "test");
                db.Answers.Remove(await db.Answers.SingleAsync(a => a.AssessmentId == round && a.CriterionId == "1-2-1-2"));
                (await db.Verdicts.SingleAsync(v => v.AssessmentId == round)).Verdict = Verdict.Nonconformant;
                await db.SaveChangesAsync();
            }

            var changed = await SnapshotAsync();
            Assert.NotEqual(before["Organizations"], changed["Organizations"]);
            Assert.NotEqual(before["Answers"], changed["Answers"]);

            await DatabaseBackup.RestoreAsync(database.Setting, file);
            var after = await SnapshotAsync();
            Assert.Equal(before.Keys, after.Keys);
            foreach (var (table, expected) in before)
            {
                Assert.True(expected == after[table], $"{table}: {expected} before, {after[table]} after the restore");
            }

            await using (var db = database.NewContext())
            {
                Assert.True((await Hoshi.Data.Audit.AuditTrail.VerifyAsync(db)).Intact);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_of_this_kind_is_refused_and_nothing_changes()
    {
        var before = await SnapshotAsync();
        var file = Path.Combine(Path.GetTempPath(), $"hoshi-not-a-backup-{Guid.NewGuid():N}.bak");
        try
        {
            await File.WriteAllTextAsync(file, database.Setting.Provider == DatabaseProvider.Sqlite ? "PGDMP pretending to be a dump" : "SQLite format 3\0 pretending");
            var refused = await Assert.ThrowsAsync<BackupException>(() => DatabaseBackup.RestoreAsync(database.Setting, file));
            Assert.Contains(database.Setting.Provider == DatabaseProvider.Sqlite ? "(it is a PostgreSQL dump)" : "(it is a SQLite backup)", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<BackupException>(() => DatabaseBackup.RestoreAsync(database.Setting, file + ".missing"));
            Assert.Equal(before, await SnapshotAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
