using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConformanceFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConformanceFacts",
                columns: table => new
                {
                    AssessmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CriterionId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Answer = table.Column<int>(type: "integer", nullable: true),
                    Verdict = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConformanceFacts", x => new { x.AssessmentId, x.CriterionId });
                    table.ForeignKey(
                        name: "FK_ConformanceFacts_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Backfill: the facts of every round already finished (the SQL as it stood at this migration).
            migrationBuilder.Sql(
                """
                INSERT INTO "ConformanceFacts" ("AssessmentId", "CriterionId", "Answer", "Verdict")
                SELECT q."AssessmentId", q."CriterionId", q."Answer", q."Verdict" FROM (
                  SELECT a."AssessmentId" AS "AssessmentId", a."CriterionId" AS "CriterionId", CASE a."Value" WHEN 'yes' THEN 1 WHEN 'no' THEN 0 ELSE NULL END AS "Answer",
                    (SELECT CASE v."Verdict" WHEN 'Conformant' THEN 1 WHEN 'Nonconformant' THEN 0 ELSE NULL END FROM "Verdicts" v WHERE v."AssessmentId" = a."AssessmentId" AND v."CriterionId" = a."CriterionId") AS "Verdict"
                  FROM "Answers" a JOIN "Assessments" s ON s."Id" = a."AssessmentId"
                  WHERE s."State" IN ('Approved', 'NotApproved', 'SubmittedForRegistration', 'Registered', 'Returned')
                  UNION ALL
                  SELECT v."AssessmentId", v."CriterionId", NULL, CASE v."Verdict" WHEN 'Conformant' THEN 1 WHEN 'Nonconformant' THEN 0 ELSE NULL END
                  FROM "Verdicts" v JOIN "Assessments" s ON s."Id" = v."AssessmentId"
                  WHERE s."State" IN ('Approved', 'NotApproved', 'SubmittedForRegistration', 'Registered', 'Returned')
                    AND NOT EXISTS (SELECT 1 FROM "Answers" a WHERE a."AssessmentId" = v."AssessmentId" AND a."CriterionId" = v."CriterionId")) q
                WHERE q."Answer" IS NOT NULL OR q."Verdict" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConformanceFacts");
        }
    }
}
