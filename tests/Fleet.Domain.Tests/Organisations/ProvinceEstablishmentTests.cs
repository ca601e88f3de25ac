using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Organisations;

/// <summary>The province above a province-wide Fleet's cities: established once, under a province's own division code, which is its pool.</summary>
public sealed class ProvinceEstablishmentTests
{
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);

    [Fact]
    public void A_province_is_established_under_its_own_code_which_is_its_pool()
    {
        var established = OrganisationRegistry.EstablishProvince(" 420000 ", " 湖北省 ", provinceExists: false, Id, Now).ShouldAcceptOne<OrganisationEstablished>();

        established.Should().Be(new OrganisationEstablished(Id, "420000", OrganisationKind.Province, "湖北省", null, "420000", Now));
    }

    [Theory]
    [InlineData("420100")]
    [InlineData("420102")]
    [InlineData("990000")]
    [InlineData("42000")]
    public void Only_a_provinces_division_code_names_a_province(string code) =>
        OrganisationRegistry.EstablishProvince(code, "湖北省", provinceExists: false, Id, Now)
            .ShouldRefuseWith(("code", "organisation.province_code_invalid"));

    [Fact]
    public void A_province_is_established_once() =>
        OrganisationRegistry.EstablishProvince("420000", "湖北省", provinceExists: true, Id, Now)
            .ShouldRefuse("organisation.province_exists", ProblemKind.Conflict);
}
