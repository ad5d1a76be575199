using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConformanceTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConformanceTallies",
                columns: table => new
                {
                    Level = table.Column<int>(type: "integer", nullable: false),
                    CatalogVersionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Industry = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PrefectureCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    Band = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Answered = table.Column<int>(type: "integer", nullable: false),
                    AnswersMet = table.Column<int>(type: "integer", nullable: false),
                    Judged = table.Column<int>(type: "integer", nullable: false),
                    VerdictsMet = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConformanceTallies", x => new { x.Level, x.CatalogVersionId, x.Industry, x.PrefectureCode, x.Month, x.Band, x.Key });
                });

            // The rounds finished before this migration are counted once, from their facts.
            migrationBuilder.Sql(Hoshi.Data.Analytics.ConformanceTallySql.Rebuild(sqlite: false));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConformanceTallies");
        }
    }
}
