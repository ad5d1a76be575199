using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Hoshi.Data;

/// <summary>Bulk rows into a table: binary COPY on PostgreSQL, one prepared INSERT on SQLite (values in EF Core's SQLite formats).</summary>
public sealed class BulkWriter(DbConnection connection, DbTransaction transaction, bool postgres)
{
    public async Task InsertAsync(string table, string[] columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        if (postgres)
        {
            await using var import = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await import.StartRowAsync(ct);
                foreach (var value in row)
                {
                    await (value switch
                    {
                        null => import.WriteNullAsync(ct),
                        Guid g => import.WriteAsync(g, NpgsqlDbType.Uuid, ct),
                        string s => import.WriteAsync(s, NpgsqlDbType.Text, ct),
                        int i => import.WriteAsync(i, NpgsqlDbType.Integer, ct),
                        decimal m => import.WriteAsync(m, NpgsqlDbType.Numeric, ct),
                        long l => import.WriteAsync(l, NpgsqlDbType.Bigint, ct),
                        bool b => import.WriteAsync(b, NpgsqlDbType.Boolean, ct),
                        DateTime d => import.WriteAsync(d, NpgsqlDbType.TimestampTz, ct),
                        DateOnly d => import.WriteAsync(d, NpgsqlDbType.Date, ct),
                        byte[] b => import.WriteAsync(b, NpgsqlDbType.Bytea, ct),
                        _ => throw new NotSupportedException(value.GetType().Name),
                    });
                }
            }

            await import.CompleteAsync(ct);
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    bool b => b ? 1 : 0,
                    var other => other,
                };
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
