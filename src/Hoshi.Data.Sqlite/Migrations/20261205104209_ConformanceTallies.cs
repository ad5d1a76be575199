using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
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
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    CatalogVersionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PrefectureCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Band = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false),
                    AnswersMet = table.Column<int>(type: "INTEGER", nullable: false),
                    Judged = table.Column<int>(type: "INTEGER", nullable: false),
                    VerdictsMet = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConformanceTallies", x => new { x.Level, x.CatalogVersionId, x.Industry, x.PrefectureCode, x.Month, x.Band, x.Key });
                });

            // The rounds finished before this migration are counted once, from their facts.
            migrationBuilder.Sql(Hoshi.Data.Analytics.ConformanceTallySql.Rebuild(sqlite: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConformanceTallies");
        }
    }
}
