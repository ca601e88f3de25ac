using Fleet.Domain.Organisations;
using Fleet.Domain.People;

namespace Fleet.Server.Setup;

/// <summary>
/// Sets up a city from outside any sign-in — the first administrator has to come from somewhere — through the
/// same decisions the endpoints use. Its events are recorded as done by <see cref="SystemActor"/>.
/// </summary>
public sealed class CitySetup(IDocumentStore store, CredentialStore credentials, IClock clock)
{
    public const string SystemActor = "system:setup";

    public async Task<Organisation?> FindCityAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.Query<Organisation>().FirstOrDefaultAsync(o => o.AnyTenant() && o.Kind == OrganisationKind.City, cancellation);
    }

    public async Task<Organisation> EstablishCityAsync(string code, string name, CancellationToken cancellation)
    {
        var existing = await FindCityAsync(cancellation);
        var decision = OrganisationRegistry.EstablishCity(code, name, existing is not null, Guid.CreateVersion7(), clock.GetCurrentInstant());
        var established = (OrganisationEstablished)Accepted(decision)[0];
        await AppendAsync(established.Pool, session => session.Events.StartStream<Organisation>(established.OrganisationId, decision.Events), cancellation);
        return Organisation.From(established);
    }

    public async Task<Organisation> EstablishAsync(EstablishOrganisationForm form, OrganisationKind kind, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var parent = await query.Query<Organisation>().FirstOrDefaultAsync(o => o.AnyTenant() && o.Code == form.ParentCode, cancellation);
        var codeTaken = await query.Query<Organisation>().AnyAsync(o => o.AnyTenant() && o.Code == form.Code, cancellation);
        var decision = OrganisationRegistry.Establish(form, kind, parent, codeTaken, Guid.CreateVersion7(), clock.GetCurrentInstant());
        var established = (OrganisationEstablished)Accepted(decision)[0];
        await AppendAsync(established.Pool, session => session.Events.StartStream<Organisation>(established.OrganisationId, decision.Events), cancellation);
        return Organisation.From(established);
    }

    public async Task<User> RegisterUserAsync(RegisterUserForm form, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var organisation = await query.Query<Organisation>().FirstOrDefaultAsync(o => o.AnyTenant() && o.Code == form.OrganisationCode, cancellation);
        var loginTaken = await query.LoadAsync<UserCredential>(CredentialStore.Normalize(form.LoginName ?? ""), cancellation) is not null;
        var decision = UserAdministration.Register(form, organisation, loginTaken, Guid.CreateVersion7(), clock.GetCurrentInstant());
        var registered = (UserRegistered)Accepted(decision)[0];
        await AppendAsync(registered.Pool, session =>
        {
            session.Events.StartStream<User>(registered.UserId, decision.Events);
            credentials.Create(session, registered.LoginName, registered.UserId, registered.Pool, form.Password!);
        }, cancellation);
        return User.From(registered);
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
