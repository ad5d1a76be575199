using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScopeReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScopeReviews",
                columns: table => new
                {
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Remark = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReasonsJson = table.Column<string>(type: "TEXT", maxLength: 12000, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    JudgedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    JudgedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RepliedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RepliedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScopeReviews", x => x.AssessmentId);
                    table.ForeignKey(
                        name: "FK_ScopeReviews_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScopeReviews");
        }
    }
}
