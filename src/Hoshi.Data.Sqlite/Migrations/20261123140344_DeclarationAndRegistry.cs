using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeclarationAndRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeclarantName",
                table: "Assessments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeclarantTitle",
                table: "Assessments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeclarationText",
                table: "Assessments",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DeclaredBy",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DeclaredOn",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RegistrationBodyId",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnReason",
                table: "Assessments",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RegistryEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ScopeSummary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RegisteredByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegisteredBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistryEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegistryEntries_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RegistryEntrySubjects",
                columns: table => new
                {
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CorporateNumber = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistryEntrySubjects", x => new { x.EntryId, x.CorporateNumber });
                    table.ForeignKey(
                        name: "FK_RegistryEntrySubjects_RegistryEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RegistryEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_RegistrationBodyId_State",
                table: "Assessments",
                columns: new[] { "RegistrationBodyId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntries_AssessmentId",
                table: "RegistryEntries",
                column: "AssessmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntries_OrganizationId_Level",
                table: "RegistryEntries",
                columns: new[] { "OrganizationId", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntrySubjects_CorporateNumber",
                table: "RegistryEntrySubjects",
                column: "CorporateNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegistryEntrySubjects");

            migrationBuilder.DropTable(
                name: "RegistryEntries");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_RegistrationBodyId_State",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DeclarantName",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DeclarantTitle",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DeclarationText",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DeclaredBy",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "DeclaredOn",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "RegistrationBodyId",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "ReturnReason",
                table: "Assessments");
        }
    }
}
