using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailHeaders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Unsubscribe",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite (3.35+) drops a column natively; EF's DropColumn would rebuild the table from a
            // target model, which this migration does not carry (see its Designer file).
            migrationBuilder.Sql("ALTER TABLE \"OutboxMessages\" DROP COLUMN \"Unsubscribe\";");
        }
    }
}
