using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Organisations;

/// <summary>What an administrator types to set up a district or a unit, untrusted.</summary>
public sealed record EstablishOrganisationForm(string? Code, string? Name, string? ParentCode);

public sealed record RenameOrganisationForm(string? Name);

public sealed record CloseOrganisationForm(string? Reason);

public static class OrganisationRegistry
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = TextRules.ReasonMaxLength;

    /// <summary>
    /// Districts are identified by their GB/T 2260 division code under the city's; units by their
    /// 18-character unified social credit code (统一社会信用代码), or by a short internal code of letters and
    /// digits where a unit has none.
    /// </summary>
    public static IReadOnlyList<Problem> ValidateCode(string? code, OrganisationKind kind)
    {
        if (string.IsNullOrWhiteSpace(code)) return [Problem.Required("code")];
        return kind switch
        {
            OrganisationKind.City or OrganisationKind.District when !PoolCode.TryParse(code, out _) =>
                [Problem.Invalid("organisation.code_invalid", "code", "'{0}' is not a six-digit GB/T 2260 division code.", Truncate(code))],
            OrganisationKind.Province when !IsProvinceCode(code) =>
                [Problem.Invalid("organisation.province_code_invalid", "code", "'{0}' is not a province's division code, such as 420000.", Truncate(code))],
            OrganisationKind.Unit when code.Trim().Length is < 2 or > 18 || !code.Trim().All(char.IsAsciiLetterOrDigit) =>
                [Problem.Invalid("organisation.unit_code_invalid", "code",
                    "'{0}' is not a unit code: use the unified social credit code or 2 to 18 letters and digits.", Truncate(code))],
            _ => [],
        };
    }

    /// <summary>
    /// Establishes the city itself: the root every district and unit hangs from. Done once, when the platform
    /// is set up for a city.
    /// </summary>
    public static Decision EstablishCity(string? code, string? name, bool cityExists, Guid organisationId, Instant now)
    {
        var problems = ValidateCode(code, OrganisationKind.City).Concat(ValidateName(name)).ToList();
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (cityExists) return Decision.Refuse(Problem.Conflict("organisation.city_exists", "The city is already set up."));

        var cityCode = code!.Trim();
        return Decision.Accept(new OrganisationEstablished(organisationId, cityCode, OrganisationKind.City, name!.Trim(), null, cityCode, now));
    }

    /// <summary>A province's GB/T 2260 code: its two digits (11 Beijing to 82 Macao) and four zeros.</summary>
    public static bool IsProvinceCode(string? code) =>
        code?.Trim() is { Length: 6 } c && c.All(char.IsAsciiDigit) && c[0] is >= '1' and <= '8' && c[2..] == "0000";

    /// <summary>
    /// Establishes the province above the cities of a province-wide Fleet: the organisation its supervisors belong to. Its
    /// "pool" is its own code, which holds their accounts and nothing else: no vehicle or driver can be registered there.
    /// </summary>
    public static Decision EstablishProvince(string? code, string? name, bool provinceExists, Guid organisationId, Instant now)
    {
        var problems = ValidateCode(code, OrganisationKind.Province).Concat(ValidateName(name)).ToList();
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (provinceExists) return Decision.Refuse(Problem.Conflict("organisation.province_exists", "The province is already set up."));

        var provinceCode = code!.Trim();
        return Decision.Accept(new OrganisationEstablished(organisationId, provinceCode, OrganisationKind.Province, name!.Trim(), null, provinceCode, now));
    }

    /// <summary>
    /// A district hangs from the city and runs its own pool; a unit hangs from the city or a district and is
    /// served by that pool. Codes are unique across the whole city.
    /// </summary>
    public static Decision Establish(EstablishOrganisationForm form, OrganisationKind kind, Organisation? parent,
        bool codeTaken, Guid organisationId, Instant now)
    {
        if (kind is OrganisationKind.City or OrganisationKind.Province)
            throw new ArgumentOutOfRangeException(nameof(kind), "The city and the province are established by EstablishCity and EstablishProvince.");

        var problems = ValidateCode(form.Code, kind).Concat(ValidateName(form.Name)).ToList();
        if (string.IsNullOrWhiteSpace(form.ParentCode)) problems.Add(Problem.Required("parentCode"));
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (parent is null)
            return Decision.Refuse(Problem.NotFound("organisation.parent_not_found", "There is no parent organisation {0}.", form.ParentCode!.Trim()));
        if (parent.Closed)
            return Decision.Refuse(Problem.Conflict("organisation.closed", "{0} is closed and can no longer be used.", parent.Name));

        var code = form.Code!.Trim().ToUpperInvariant();
        switch (kind)
        {
            case OrganisationKind.District when parent.Kind != OrganisationKind.City:
                return Decision.Refuse(Problem.Invalid("organisation.parent_invalid", "parentCode", "A district belongs to the city."));
            case OrganisationKind.District when code[..4] != parent.Code[..4]:
                return Decision.Refuse(Problem.Invalid("organisation.district_outside_city", "code",
                    "District {0} is not within the city's division {1}.", code, parent.Code));
            case OrganisationKind.Unit when !parent.RunsPool:
                return Decision.Refuse(Problem.Invalid("organisation.parent_invalid", "parentCode",
                    "A unit belongs to the city or to a district, whose pool serves it."));
        }

        if (codeTaken)
            return Decision.Refuse(Problem.Conflict("organisation.code_taken", "The code {0} is already used by another organisation.", code));

        var pool = kind == OrganisationKind.District ? code : parent.Pool;
        return Decision.Accept(new OrganisationEstablished(organisationId, code, kind, form.Name!.Trim(), parent.Code, pool, now));
    }

    public static Decision Rename(RenameOrganisationForm form, Organisation organisation, Instant now)
    {
        var problems = ValidateName(form.Name);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (organisation.Closed) return Decision.Refuse(Problem.Conflict("organisation.closed", "{0} is closed and can no longer be used.", organisation.Name));
        var name = form.Name!.Trim();
        return name == organisation.Name
            ? Decision.Accept()
            : Decision.Accept(new OrganisationRenamed(organisation.Id, name, now));
    }

    /// <summary>
    /// The city cannot be closed, and a pool is closed only after its units: a unit without a pool could not be
    /// served.
    /// </summary>
    public static Decision Close(CloseOrganisationForm form, Organisation organisation, int openUnits, Instant now)
    {
        var problems = TextRules.Validate(form.Reason, "reason", MaxReasonLength);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (organisation.Closed) return Decision.Refuse(Problem.Conflict("organisation.closed", "{0} is closed and can no longer be used.", organisation.Name));
        if (organisation.Kind == OrganisationKind.City)
            return Decision.Refuse(Problem.Conflict("organisation.city_cannot_close", "The city cannot be closed."));
        if (openUnits > 0)
            return Decision.Refuse(Problem.Conflict("organisation.has_open_units", "{0} still serves {1} open units: close them first.",
                organisation.Name, openUnits));

        return Decision.Accept(new OrganisationClosed(organisation.Id, form.Reason!.Trim(), now));
    }

    private static IReadOnlyList<Problem> ValidateName(string? name) => TextRules.Validate(name, "name", MaxNameLength);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
