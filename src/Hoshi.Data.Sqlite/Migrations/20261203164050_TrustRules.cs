using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrustRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Disposition",
                table: "TechnicalFindings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<string>(
                name: "DispositionReason",
                table: "TechnicalFindings",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Verification",
                table: "ExpertProfiles",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.AddColumn<string>(
                name: "VerificationBasis",
                table: "ExpertProfiles",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VerificationChangedAt",
                table: "ExpertProfiles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VerificationChangedBy",
                table: "ExpertProfiles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerificationReason",
                table: "ExpertProfiles",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IndependenceDeclarations",
                columns: table => new
                {
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DeclaredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndependenceDeclarations", x => new { x.AssessmentId, x.Round, x.UserId });
                    table.ForeignKey(
                        name: "FK_IndependenceDeclarations_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExpertProfiles_Verification",
                table: "ExpertProfiles",
                column: "Verification");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndependenceDeclarations");

            migrationBuilder.DropIndex(
                name: "IX_ExpertProfiles_Verification",
                table: "ExpertProfiles");

            migrationBuilder.DropColumn(
                name: "Disposition",
                table: "TechnicalFindings");

            migrationBuilder.DropColumn(
                name: "DispositionReason",
                table: "TechnicalFindings");

            migrationBuilder.DropColumn(
                name: "Verification",
                table: "ExpertProfiles");

            migrationBuilder.DropColumn(
                name: "VerificationBasis",
                table: "ExpertProfiles");

            migrationBuilder.DropColumn(
                name: "VerificationChangedAt",
                table: "ExpertProfiles");

            migrationBuilder.DropColumn(
                name: "VerificationChangedBy",
                table: "ExpertProfiles");

            migrationBuilder.DropColumn(
                name: "VerificationReason",
                table: "ExpertProfiles");
        }
    }
}
