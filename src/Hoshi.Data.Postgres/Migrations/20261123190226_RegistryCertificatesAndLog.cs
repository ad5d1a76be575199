using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hoshi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RegistryCertificatesAndLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegistryEntrySubjects_CorporateNumber",
                table: "RegistryEntrySubjects");

            migrationBuilder.AddColumn<string>(
                name: "SearchName",
                table: "RegistryEntrySubjects",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<Guid>(
                name: "AssessmentId",
                table: "RegistryEntries",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "CertificateId",
                table: "RegistryEntries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrefectureCode",
                table: "RegistryEntries",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusChangedAt",
                table: "RegistryEntries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "StatusChangedBy",
                table: "RegistryEntries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusEvidence",
                table: "RegistryEntries",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "RegistryEntries",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "RegistryEntries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Certificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certificates_RegistryEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "RegistryEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LogHeads",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogHeads", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "LogLeaves",
                columns: table => new
                {
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificateId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogLeaves", x => x.Index);
                });

            migrationBuilder.CreateTable(
                name: "LogState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Frontier = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogState", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "text", nullable: false),
                    PublicJwk = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Kid);
                });

            migrationBuilder.InsertData(
                table: "LogState",
                columns: new[] { "Id", "Frontier", "Size" },
                values: new object[] { 1, new byte[0], 0L });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntrySubjects_CorporateNumber_EntryId_Name",
                table: "RegistryEntrySubjects",
                columns: new[] { "CorporateNumber", "EntryId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntrySubjects_SearchName",
                table: "RegistryEntrySubjects",
                column: "SearchName");

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntries_CertificateId",
                table: "RegistryEntries",
                column: "CertificateId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntries_Level_Status",
                table: "RegistryEntries",
                columns: new[] { "Level", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_EntryId",
                table: "Certificates",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LogLeaves_CertificateId",
                table: "LogLeaves",
                column: "CertificateId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Certificates");

            migrationBuilder.DropTable(
                name: "LogHeads");

            migrationBuilder.DropTable(
                name: "LogLeaves");

            migrationBuilder.DropTable(
                name: "LogState");

            migrationBuilder.DropTable(
                name: "SigningKeys");

            migrationBuilder.DropIndex(
                name: "IX_RegistryEntrySubjects_CorporateNumber_EntryId_Name",
                table: "RegistryEntrySubjects");

            migrationBuilder.DropIndex(
                name: "IX_RegistryEntrySubjects_SearchName",
                table: "RegistryEntrySubjects");

            migrationBuilder.DropIndex(
                name: "IX_RegistryEntries_CertificateId",
                table: "RegistryEntries");

            migrationBuilder.DropIndex(
                name: "IX_RegistryEntries_Level_Status",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "SearchName",
                table: "RegistryEntrySubjects");

            migrationBuilder.DropColumn(
                name: "CertificateId",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "PrefectureCode",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "StatusChangedBy",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "StatusEvidence",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "RegistryEntries");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "RegistryEntries");

            migrationBuilder.AlterColumn<Guid>(
                name: "AssessmentId",
                table: "RegistryEntries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistryEntrySubjects_CorporateNumber",
                table: "RegistryEntrySubjects",
                column: "CorporateNumber");
        }
    }
}
