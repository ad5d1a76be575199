using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RegistryCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Coverage",
                table: "RegistryEntries",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Whole");

            // Entries registered before: the one-line scope began with 全社 only for a whole-company scope.
            migrationBuilder.Sql("UPDATE \"RegistryEntries\" SET \"Coverage\" = 'Partial' WHERE \"ScopeSummary\" NOT LIKE '全社%' AND \"AssessmentId\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Coverage",
                table: "RegistryEntries");
        }
    }
}
