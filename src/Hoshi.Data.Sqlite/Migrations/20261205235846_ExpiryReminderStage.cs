using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ExpiryReminderStage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReminderSentDaysBefore",
                table: "RegistryEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntries_Status_ValidUntil_ReminderSentDaysBefore",
                table: "RegistryEntries",
                columns: new[] { "Status", "ValidUntil", "ReminderSentDaysBefore" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegistryEntries_Status_ValidUntil_ReminderSentDaysBefore",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "ReminderSentDaysBefore",
                table: "RegistryEntries");
        }
    }
}
