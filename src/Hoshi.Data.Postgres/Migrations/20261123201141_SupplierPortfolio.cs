using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SupplierPortfolio : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Suppliers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BuyerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CorporateNumber = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SupplierCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Department = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Tags = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RequiredLevel = table.Column<int>(type: "integer", nullable: true),
                    ArchivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suppliers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suppliers_Organizations_BuyerId",
                        column: x => x.BuyerId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LevelDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SupplierId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportantConfidentialInformation = table.Column<bool>(type: "boolean", nullable: false),
                    UnacceptableDelay = table.Column<bool>(type: "boolean", nullable: false),
                    AccessToInternalSystems = table.Column<bool>(type: "boolean", nullable: false),
                    DelayViewpoints = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Adjustments = table.Column<string>(type: "character varying(4500)", maxLength: 4500, nullable: true),
                    AdditionalRequirements = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OutOfScopeReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FlowLevel = table.Column<int>(type: "integer", nullable: false),
                    RequiredLevel = table.Column<int>(type: "integer", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LevelDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LevelDecisions_Suppliers_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Suppliers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LevelDecisions_SupplierId_DecidedAt",
                table: "LevelDecisions",
                columns: new[] { "SupplierId", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_BuyerId_CorporateNumber",
                table: "Suppliers",
                columns: new[] { "BuyerId", "CorporateNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_CorporateNumber",
                table: "Suppliers",
                column: "CorporateNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LevelDecisions");

            migrationBuilder.DropTable(
                name: "Suppliers");
        }
    }
}
