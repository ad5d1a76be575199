using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
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
                    AssessmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Remark = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReasonsJson = table.Column<string>(type: "character varying(12000)", maxLength: 12000, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    JudgedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    JudgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reply = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RepliedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RepliedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
