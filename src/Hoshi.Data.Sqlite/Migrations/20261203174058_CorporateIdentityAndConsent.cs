using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CorporateIdentityAndConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_CorporateNumber",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "CorporateNumberVerificationMethod",
                table: "Organizations",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CorporateNumberVerifiedAt",
                table: "Organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CorporateNumberVerifiedBy",
                table: "Organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ParentConfirmedAt",
                table: "Organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParentConfirmedBy",
                table: "Organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedCorporateNumber",
                table: "Organizations",
                type: "TEXT",
                maxLength: 13,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Corporations",
                columns: table => new
                {
                    Number = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Furigana = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    PrefectureCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedReason = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    UpdatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Corporations", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "GroupListings",
                columns: table => new
                {
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CorporateNumber = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Consent = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupListings", x => new { x.EntryId, x.CorporateNumber });
                    table.ForeignKey(
                        name: "FK_GroupListings_RegistryEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RegistryEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CorporateNumber",
                table: "Organizations",
                column: "CorporateNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_VerifiedCorporateNumber",
                table: "Organizations",
                column: "VerifiedCorporateNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GroupListings_CorporateNumber_Consent",
                table: "GroupListings",
                columns: new[] { "CorporateNumber", "Consent" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Corporations");

            migrationBuilder.DropTable(
                name: "GroupListings");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_CorporateNumber",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_VerifiedCorporateNumber",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CorporateNumberVerificationMethod",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CorporateNumberVerifiedAt",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CorporateNumberVerifiedBy",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ParentConfirmedAt",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ParentConfirmedBy",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "VerifiedCorporateNumber",
                table: "Organizations");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CorporateNumber",
                table: "Organizations",
                column: "CorporateNumber",
                unique: true);
        }
    }
}
