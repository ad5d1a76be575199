using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hoshi.Data.Accounts;

/// <summary>A person who signs in to Hoshi (ASP.NET Core Identity user).</summary>
public sealed class HoshiUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>"ja" or "en": the language of mail and, unless switched, of the pages.</summary>
    public string PreferredLanguage { get; set; } = "ja";

    public DateTime CreatedAt { get; set; }

    public List<MembershipRecord> Memberships { get; set; } = [];
}

/// <summary>A person's place in one organization.</summary>
public sealed class MembershipRecord
{
    public Guid UserId { get; set; }

    public Guid OrganizationId { get; set; }

    public MembershipRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class HoshiUserConfiguration : IEntityTypeConfiguration<HoshiUser>
{
    public void Configure(EntityTypeBuilder<HoshiUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(8);
        builder.HasMany(u => u.Memberships).WithOne().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<MembershipRecord>
{
    public void Configure(EntityTypeBuilder<MembershipRecord> builder)
    {
        builder.ToTable("Memberships");
        builder.HasKey(m => new { m.UserId, m.OrganizationId, m.Role });
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<Organizations.OrganizationRecord>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.OrganizationId);
    }
}
