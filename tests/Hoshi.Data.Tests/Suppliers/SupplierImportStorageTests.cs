using System.Text;
using Hoshi.Domain;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Suppliers;
using Hoshi.Tests.Shared;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Suppliers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hoshi.Data.Tests.Suppliers;

/// <summary>
/// Imports store every accepted row with its audit record in one transaction, and the portfolio
/// reads every supplier's registry standing in one join, on SQLite and on PostgreSQL.
/// </summary>
public sealed class SupplierImportStorageTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = database.NewServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task An_import_of_2000_rows_stores_the_good_ones_with_their_audit_and_the_portfolio_reads_their_standing()
    {
        await using (var s = _services.CreateAsyncScope())
        {
            // Signing keys first, as the app does at start: made inside a registration's transaction they would wait on it.
            await s.ServiceProvider.GetRequiredService<Hoshi.Web.Features.Registry.RegistryBook>().PrepareAsync();
        }

        var listed = await Listings.RegisterAsync(_services, "台帳の協力会社", Level.Star4);
        Guid buyer;
        await using (var scope = _services.CreateAsyncScope())
        {
            var organizations = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
            buyer = (await organizations.CreateAsync(new NewOrganization("取り込み試験の発注者", null, null, EmployeeBand.From1001To3000, null, "13"), "test")).Id;
            await organizations.GrantRoleAsync(buyer, OrganizationRole.Buyer, "test", true, true);
        }

        var csv = new StringBuilder("法人番号,名称,部署\r\n");
        csv.Append(listed.CorporateNumber).Append(",,購買部\r\n");
        var numbers = Enumerable.Range(0, 1999).Select(_ => Listings.NewNumber()).ToList();
        foreach (var number in numbers)
        {
            csv.Append(number).Append(",工房").Append(number[^4..]).Append(",設計部\r\n");
        }

        csv.Append(numbers[0]).Append(",重複,設計部\r\n");
        Guid importId;
        await using (var scope = _services.CreateAsyncScope())
        {
            var (id, problem) = await scope.ServiceProvider.GetRequiredService<SupplierImportStore>().StartAsync(buyer, "suppliers.csv", Encoding.UTF8.GetBytes(csv.ToString()), Guid.NewGuid(), null);
            Assert.Null(problem);
            importId = id!.Value;
        }

        var worker = new SupplierImportWorker(_services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<ImportBacklog>(), TimeProvider.System, NullLogger<SupplierImportWorker>.Instance);
        await worker.RunAsync(importId, default);
        // A second run (a restart after the import finished) changes nothing.
        await worker.RunAsync(importId, default);

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var import = await db.SupplierImports.AsNoTracking().SingleAsync(i => i.Id == importId);
            Assert.Equal(("done", 2000, 1, (byte[]?)null), (import.State, import.Added, import.Refused, import.Content));
            Assert.Equal(2000, await db.Suppliers.CountAsync(s => s.BuyerId == buyer));
            Assert.Equal(2000, await db.AuditRecords.CountAsync(a => a.OrganizationId == buyer.ToString() && a.Action == "supplier.added"));

            var portfolio = scope.ServiceProvider.GetRequiredService<PortfolioQueries>();
            var page = await portfolio.ListAsync(buyer, new PortfolioFilter(Status: SupplierStatus.Valid), 1, 50);
            var row = Assert.Single(page.Rows);
            Assert.Equal(("台帳の協力会社", Level.Star4), (row.Supplier.Name, row.Standing.HeldLevel));
            Assert.Equal(1999, page.Counts.ByStatus[SupplierStatus.None]);
            var byDepartment = await portfolio.ListAsync(buyer, new PortfolioFilter(Department: "設計部", Sort: PortfolioSort.Name), 2, 50);
            Assert.Equal(1999, byDepartment.Total);
            Assert.Equal(50, byDepartment.Rows.Count);
            Assert.True(byDepartment.Rows.Zip(byDepartment.Rows.Skip(1)).All(p => string.CompareOrdinal(p.First.Supplier.Name, p.Second.Supplier.Name) <= 0));
        }
    }
}
