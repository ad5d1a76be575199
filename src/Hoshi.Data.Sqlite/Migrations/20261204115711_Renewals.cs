using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Renewals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PreviousRoundId",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CarriedFrom",
                table: "Answers",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite (3.35+) drops a column natively; EF's DropColumn would rebuild the table from a
            // target model, which this migration does not carry (see its Designer file).
            migrationBuilder.Sql("ALTER TABLE \"Assessments\" DROP COLUMN \"PreviousRoundId\";");
            migrationBuilder.Sql("ALTER TABLE \"Answers\" DROP COLUMN \"CarriedFrom\";");
        }
    }
}
