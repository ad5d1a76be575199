using System.Text;
using Hoshi.Data.Suppliers;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Tests.Suppliers;

/// <summary>Hoshi looking for other nodes' unfinished imports every second.</summary>
public sealed class QuickImportPollFactory : HoshiFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Suppliers:ImportPollSeconds", "1");
}

/// <summary>
/// Several nodes share the import queue in the database: an import whose node died (left running,
/// its lease run out) or that another node queued is finished here, once; one a live node holds is
/// left to it.
/// </summary>
public sealed class ImportTakeoverTests(QuickImportPollFactory factory) : IClassFixture<QuickImportPollFactory>
{
    private readonly People _people = new(factory);

    private async Task<Guid> ImportAsync(Guid buyer, Guid person, string state, string? owner, DateTime? leaseUntil, params string[] numbers)
    {
        var csv = "法人番号,名称\r\n" + string.Join("\r\n", numbers.Select((n, i) => $"{n},引き継ぎ工房{i}"));
        var id = Guid.CreateVersion7();
        await _people.WithDbAsync(async db =>
        {
            db.SupplierImports.Add(new SupplierImportRecord
            {
                Id = id,
                BuyerId = buyer,
                FileName = "取引先.csv",
                Content = Encoding.UTF8.GetBytes(csv),
                State = state,
                CreatedBy = person,
                CreatedAt = DateTime.UtcNow,
                LeaseOwner = owner,
                LeaseUntil = leaseUntil,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    [Fact]
    public async Task Imports_a_dead_node_left_or_another_node_queued_are_finished_here_and_a_held_one_is_left_alone()
    {
        var buyer = await _people.OrganizationAsync("引き継ぐ発注者", OrganizationRole.Buyer);
        var person = await _people.PersonAsync(buyer, MembershipRole.Member);
        var dead = await ImportAsync(buyer, person.UserId, "running", "node-that-died", DateTime.UtcNow.AddMinutes(-1), Listings.NewNumber(), Listings.NewNumber());
        var queuedElsewhere = await ImportAsync(buyer, person.UserId, "queued", null, null, Listings.NewNumber());
        var held = await ImportAsync(buyer, person.UserId, "running", "node-still-working", DateTime.UtcNow.AddMinutes(5), Listings.NewNumber());

        var until = DateTime.UtcNow.AddSeconds(20);
        SupplierImportRecord[] imports = [];
        while (DateTime.UtcNow < until)
        {
            imports = await _people.WithDbAsync(db => db.SupplierImports.AsNoTracking().Where(i => i.BuyerId == buyer).OrderBy(i => i.Id).ToArrayAsync());
            if (imports.Count(i => i.State == "done") == 2)
            {
                break;
            }

            await Task.Delay(100);
        }

        var byId = imports.ToDictionary(i => i.Id);
        Assert.Equal("done", byId[dead].State);
        Assert.Equal(2, byId[dead].Added);
        Assert.Null(byId[dead].Content);
        Assert.Equal("done", byId[queuedElsewhere].State);
        Assert.Equal(1, byId[queuedElsewhere].Added);

        // Held by a live node: not touched (its node stores it).
        Assert.Equal("running", byId[held].State);
        Assert.Equal("node-still-working", byId[held].LeaseOwner);
        Assert.NotNull(byId[held].Content);

        // Stored once: three suppliers, each audited once.
        Assert.Equal(3, await _people.WithDbAsync(db => db.Suppliers.CountAsync(s => s.BuyerId == buyer)));
        Assert.Equal(3, await _people.WithDbAsync(db => db.AuditRecords.CountAsync(a => a.OrganizationId == buyer.ToString() && a.Action == "supplier.added")));
    }
}
