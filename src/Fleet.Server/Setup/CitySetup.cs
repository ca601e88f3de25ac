using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Setup;

/// <summary>
/// Sets up a city from outside any sign-in — the first administrator has to come from somewhere — through the
/// same decisions the endpoints use. Its events are recorded as done by <see cref="SystemActor"/>. In a province (ADR 025)
/// each listed city is set up on its own, in its own database.
/// </summary>
public sealed class CitySetup(IDocumentStore store, CredentialStore credentials, SignInDirectory directory, CityMap cities, IClock clock)
{
    public const string SystemActor = "system:setup";

    /// <summary>The city set up already: the one city, or in a province the first listed that is.</summary>
    public Task<Organisation?> FindCityAsync(CancellationToken cancellation) =>
        InCitiesAsync(session => session.Query<Organisation>().FirstOrDefaultAsync(o => o.InCity() && o.Kind == OrganisationKind.City, cancellation));

    /// <summary>The city <paramref name="code"/> if it is set up; in a province it must be one of the cities listed.</summary>
    public async Task<Organisation?> FindCityAsync(string code, CancellationToken cancellation)
    {
        if (!cities.IsProvince) return await FindCityAsync(cancellation);
        if (cities.Cities.FirstOrDefault(c => c.Code == code.Trim()) is not { } listed)
            throw new CitySetupException($"{code.Trim()} is not one of the cities listed in {CityMap.Section}: {string.Join(", ", cities.Cities.Select(c => $"{c.Code} {c.Name}"))}.");
        await using var session = store.QuerySession(listed.Pools[0]);
        return await session.Query<Organisation>().FirstOrDefaultAsync(o => o.InCity() && o.Kind == OrganisationKind.City, cancellation);
    }

    /// <summary>
    /// The province above the listed cities (ADR 025) with a supervisor of it (<paramref name="supervisor"/>, in the province):
    /// the first time both, written together or not at all; once the province is set up, the supervisor added to it. Refused
    /// for a single city, which has no province.
    /// </summary>
    public async Task<(Organisation Province, User Supervisor)> SetUpProvinceAsync(string code, string name, RegisterUserForm supervisor,
        CancellationToken cancellation)
    {
        if (cities.ProvincePool is not { } pool)
            throw new CitySetupException($"A province is set up above the cities listed in {CityMap.Section}; this server runs a single city.");
        if (code.Trim() != pool)
            throw new CitySetupException($"The cities listed in {CityMap.Section} are of province {pool}, not of {code.Trim()}.");

        if (await FindProvinceAsync(cancellation) is { } existing)
            return (existing, await RegisterUserAsync(supervisor with { OrganisationCode = existing.Code }, cancellation));

        return await EstablishWithFirstAccountAsync(
            OrganisationRegistry.EstablishProvince(code, name, provinceExists: false, Guid.CreateVersion7(), clock.GetCurrentInstant()), supervisor, cancellation);
    }

    /// <summary>The province's organisation once it is set up; always nothing for a single city.</summary>
    public async Task<Organisation?> FindProvinceAsync(CancellationToken cancellation)
    {
        if (cities.ProvincePool is not { } province) return null;
        await using var session = store.QuerySession(province);
        return await session.Query<Organisation>().FirstOrDefaultAsync(o => o.Kind == OrganisationKind.Province, cancellation);
    }

    /// <summary>
    /// The city and its first fleet administrator (<paramref name="admin"/>, in the city), written together or not at all: an
    /// administrator refused — a login taken, a password too short — leaves no city behind, and the same command simply runs again.
    /// </summary>
    public async Task<(Organisation City, User Admin)> SetUpCityAsync(string code, string name, RegisterUserForm admin, CancellationToken cancellation)
    {
        var existing = await FindCityAsync(code, cancellation);
        return await EstablishWithFirstAccountAsync(
            OrganisationRegistry.EstablishCity(code, name, existing is not null, Guid.CreateVersion7(), clock.GetCurrentInstant()), admin, cancellation);
    }

    /// <summary>
    /// An organisation and its first account, both decided before anything is written and then written in one transaction
    /// (the organisation's pool's): a refused account leaves no organisation behind that nobody could ever sign in to.
    /// </summary>
    private async Task<(Organisation Organisation, User Account)> EstablishWithFirstAccountAsync(Decision establishing, RegisterUserForm account,
        CancellationToken cancellation)
    {
        var established = (OrganisationEstablished)Accepted(establishing)[0];
        var organisation = Organisation.From(established);
        var registration = await DecideRegistrationAsync(account with { OrganisationCode = organisation.Code }, organisation, cancellation);
        await AppendAsync(established.Pool, session =>
        {
            session.Events.StartStream<Organisation>(established.OrganisationId, establishing.Events);
            registration.Write(session, credentials);
        }, cancellation);
        return (organisation, User.From(registration.Registered));
    }

    public async Task<Organisation> EstablishAsync(EstablishOrganisationForm form, OrganisationKind kind, CancellationToken cancellation)
    {
        var parent = await InCitiesAsync(query => query.Query<Organisation>().FirstOrDefaultAsync(o => o.InCity() && o.Code == form.ParentCode, cancellation));
        var codeTaken = await InCitiesAsync(async query => await query.Query<Organisation>().AnyAsync(o => o.InCity() && o.Code == form.Code, cancellation) ? "" : null) is not null;
        var decision = OrganisationRegistry.Establish(form, kind, parent, codeTaken, Guid.CreateVersion7(), clock.GetCurrentInstant());
        var established = (OrganisationEstablished)Accepted(decision)[0];
        await AppendAsync(established.Pool, session => session.Events.StartStream<Organisation>(established.OrganisationId, decision.Events), cancellation);
        return Organisation.From(established);
    }

    public async Task<User> RegisterUserAsync(RegisterUserForm form, CancellationToken cancellation)
    {
        var organisation = await InCitiesAsync(query => query.Query<Organisation>().FirstOrDefaultAsync(o => o.InCity() && o.Code == form.OrganisationCode, cancellation));
        var registration = await DecideRegistrationAsync(form, organisation, cancellation);
        await AppendAsync(registration.Registered.Pool, session => registration.Write(session, credentials), cancellation);
        return User.From(registration.Registered);
    }

    /// <summary>An account decided on, its login name claimed in the province's directory, not yet written.</summary>
    private sealed record Registration(RegisterUserForm Form, Decision Decision)
    {
        public UserRegistered Registered => (UserRegistered)Decision.Events[0];

        public void Write(IDocumentSession session, CredentialStore credentials)
        {
            session.Events.StartStream<User>(Registered.UserId, Decision.Events);
            credentials.Create(session, Registered.LoginName, Registered.UserId, Registered.Pool, Form.Password!);
        }
    }

    private async Task<Registration> DecideRegistrationAsync(RegisterUserForm form, Organisation? organisation, CancellationToken cancellation)
    {
        var login = CredentialStore.Normalize(form.LoginName ?? "");
        var loginTaken = await InCitiesAsync(query => query.LoadAsync<UserCredential>(login, cancellation)) is not null;
        var userId = Guid.CreateVersion7();
        var decision = UserAdministration.Register(form, organisation, loginTaken, userId, clock.GetCurrentInstant());
        if (decision.IsAccepted && !await directory.ClaimAsync(login, ((UserRegistered)decision.Events[0]).Pool, userId, cancellation))
            decision = UserAdministration.Register(form, organisation, loginTaken: true, userId, clock.GetCurrentInstant());
        Accepted(decision);
        return new Registration(form, decision);
    }

    /// <summary>The first answer of <paramref name="read"/> in the one city, or in the province's pool and the listed cities in turn.</summary>
    private async Task<T?> InCitiesAsync<T>(Func<IQuerySession, Task<T?>> read) where T : class
    {
        foreach (var pool in cities.IsProvince ? [cities.ProvincePool, .. cities.Cities.Select(c => (string?)c.Pools[0])] : new string?[] { null })
        {
            await using var session = pool is null ? store.QuerySession() : store.QuerySession(pool);
            if (await read(session) is { } found) return found;
        }

        return null;
    }

    private async Task AppendAsync(string pool, Action<IDocumentSession> write, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(pool);
        session.LastModifiedBy = SystemActor;
        session.SetHeader(CommandSession.RoleHeader, SystemActor);
        write(session);
        await session.SaveChangesAsync(cancellation);
    }

    private static IReadOnlyList<object> Accepted(Decision decision) =>
        decision.IsAccepted
            ? decision.Events
            : throw new CitySetupException(string.Join(" ", decision.Problems.Select(p => $"{p.Field ?? p.Code}: {p.FormattedMessage}")));
}

public sealed class CitySetupException(string message) : Exception(message);
