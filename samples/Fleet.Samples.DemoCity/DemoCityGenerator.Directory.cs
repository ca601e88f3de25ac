using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>The password of every demo account. Demo mode only: it is published in the README.</summary>
    public const string Password = "fleet-demo-2026";

    private static readonly DemoActor Setup = new(null, "system:setup");

    /// <summary>Login name of the demo account holding <paramref name="role"/> in the pool with <paramref name="prefix"/>.</summary>
    public static string Login(string prefix, Role role) => $"{prefix}.{role.ToString().ToLowerInvariant()}";

    /// <summary>Login name of the approver of the office that runs the pool with <paramref name="prefix"/>: the district's, or the city's.</summary>
    public static string OfficeLogin(string prefix) => $"{prefix}.office";

    /// <summary>
    /// The city, its district pools and the units they serve, and the accounts to sign in with: one per role and
    /// pool named <c>&lt;pool&gt;.&lt;role&gt;</c> (the clerk and approver in the pool's first unit); with a
    /// history, also a clerk, a head and a deputy head for every unit.
    /// </summary>
    private void EstablishDirectory(Instant at)
    {
        var city = new PoolState(WCity.City);
        city.Organisation = Establish(city, OrganisationRegistry.EstablishCity(WCity.Code, WCity.Name, false, NewId(at), at), at);
        _pools.Add(city);
        foreach (var district in WCity.Districts.Take(Math.Min(_size.Districts, WCity.DistrictCount)))
        {
            var pool = new PoolState(district);
            pool.Organisation = Establish(pool, OrganisationRegistry.Establish(
                new EstablishOrganisationForm(district.Code, district.Name, WCity.Code), OrganisationKind.District, city.Organisation, false, NewId(at), at), at);
            _pools.Add(pool);
        }

        foreach (var pool in _pools)
        {
            var units = Enumerable.Range(0, _size.UnitsOf(pool.Pool.IsCity))
                .Select(i => Establish(pool, OrganisationRegistry.Establish(new EstablishOrganisationForm(UnitCode(pool.Pool, i), UnitName(pool.Pool, i),
                    pool.Pool.Code), OrganisationKind.Unit, pool.Organisation, false, NewId(at), at), at))
                .ToList();

            foreach (var role in Enum.GetValues<Role>())
            {
                var organisation = UserAdministration.RoleFits(role, OrganisationKind.Unit) ? units[0] : pool.Organisation;
                pool.Staff[role] = Register(pool, Login(pool.Pool.Prefix, role), StaffName(_pools.IndexOf(pool), role), organisation, role, at);
            }

            // The approver of the office that runs the pool (区/市机关事务管理局), for the steps of the chain that are the office's.
            pool.Office = Register(pool, OfficeLogin(pool.Pool.Prefix), StaffName(_pools.IndexOf(pool) + _pools.Count, Role.Approver), pool.Organisation,
                Role.Approver, at, _aside);

            for (var i = 0; i < units.Count; i++)
            {
                var unit = units[i];
                var login = unit.Code.ToLowerInvariant();
                var clerk = i == 0 ? pool.Staff[Role.Clerk] : Register(pool, $"{login}.clerk", PersonName(), unit, Role.Clerk, at);
                var head = i == 0 ? pool.Staff[Role.Approver] : Register(pool, $"{login}.approver", PersonName(), unit, Role.Approver, at);
                var deputy = _size.HasHistory ? Register(pool, $"{login}.approver2", PersonName(), unit, Role.Approver, at) : null;
                pool.Units.Add(new UnitState(unit.Code, unit.Name, clerk, head, deputy, i == 0 ? 2.0 : 0.5 + _random.NextDouble()));
            }

            Summary.Units += units.Count;
        }

        PublishCalendars(city, at);
        Summary.Pools = _pools.Count;
    }

    /// <summary>
    /// A person's name for a pool's documented account, as every other account has: pages show it to the people they
    /// work with. Chosen from the pool and role rather than drawn, so that the rest of the city stays the same for a seed.
    /// </summary>
    private static string StaffName(int poolIndex, Role role)
    {
        var n = poolIndex * Enum.GetValues<Role>().Length + (int)role;
        return WCity.Surnames[(n * 7 + 3) % WCity.Surnames.Count] + WCity.GivenNames[(n * 11 + 5) % WCity.GivenNames.Count];
    }

    private static string UnitCode(DemoPool pool, int index) =>
        pool.IsCity ? $"{pool.UnitPrefix}{index + 1:D2}" : $"{pool.UnitPrefix}{index + 1:D4}";

    private static string UnitName(DemoPool pool, int index)
    {
        var bureaus = pool.IsCity ? WCity.CityBureaus : WCity.DistrictBureaus;
        var name = pool.IsCity ? bureaus[index % bureaus.Count] : pool.Name + bureaus[index % bureaus.Count];
        return index < bureaus.Count ? name : $"{name}第{index / bureaus.Count + 1}分局";
    }

    private Organisation Establish(PoolState pool, Decision decision, Instant at)
    {
        var established = (OrganisationEstablished)Accepted(decision)[0];
        Record(pool, established.OrganisationId, DemoStream.Organisation, decision, at, Setup);
        return Organisation.From(established);
    }

    private DemoActor Register(PoolState pool, string login, string displayName, Organisation organisation, Role role, Instant at, Random? ids = null)
    {
        var decision = UserAdministration.Register(new RegisterUserForm(login, displayName, organisation.Code, [role.ToString()], Password),
            organisation, false, NewId(at, ids), at);
        var registered = (UserRegistered)Accepted(decision)[0];
        Record(pool, registered.UserId, DemoStream.User, decision, at, Setup, NewId(at, ids).ToString());
        _accounts.Add(new DemoAccount(registered.LoginName, registered.UserId, registered.Pool));
        _users[registered.UserId] = User.From(registered);
        Summary.Users++;
        return new DemoActor(registered.UserId, role.ToString());
    }

    /// <summary>The set-up of the city must succeed: a refusal there is a defect of the generator, not part of the story.</summary>
    private static IReadOnlyList<object> Accepted(Decision decision) =>
        decision.IsAccepted
            ? decision.Events
            : throw new InvalidOperationException("The demo city's set-up was refused: " +
                string.Join(" ", decision.Problems.Select(p => $"{p.Field ?? p.Code}: {p.FormattedMessage}")));
}
