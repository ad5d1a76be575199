using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SuspensionProposals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SuspensionProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProposedByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProposedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    YearlyDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuspensionProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuspensionProposals_RegistryEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RegistryEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SuspensionProposals_EntryId_State",
                table: "SuspensionProposals",
                columns: new[] { "EntryId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SuspensionProposals_EntryId_YearlyDueOn",
                table: "SuspensionProposals",
                columns: new[] { "EntryId", "YearlyDueOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SuspensionProposals_State_CreatedAt",
                table: "SuspensionProposals",
                columns: new[] { "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SuspensionProposals");
        }
    }
}
