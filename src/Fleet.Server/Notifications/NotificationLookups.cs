using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Notifications;
using DriverRecord = Fleet.Domain.Drivers.Driver;

namespace Fleet.Server.Notifications;

/// <summary>
/// What deciding notices reads of the registry, each asked once per page of events: a busy pool's page tells the same
/// requesters, drivers, dispatchers and units over and over, and the feed must keep up with the commands.
/// </summary>
public sealed class NotificationLookups(IQuerySession session)
{
    private readonly Dictionary<string, Task<IReadOnlyList<User>>> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<string?>> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Task<NotificationPreferences?>> _preferences = [];

    public IQuerySession Session => session;

    public Task<IReadOnlyList<User>> PeopleAsync(string key, Func<IQuerySession, Task<IReadOnlyList<User>>> read)
    {
        if (!_people.TryGetValue(key, out var found)) _people[key] = found = read(session);
        return found;
    }

    public async Task<string?> NameOfAsync(Guid user, CancellationToken cancellation) =>
        (await PeopleAsync($"user|{user:N}", async s =>
            await s.Query<User>().Where(u => u.AnyTenant() && u.Id == user).ToListAsync(cancellation))).FirstOrDefault()?.DisplayName;

    public Task<string?> UnitNameAsync(string code, CancellationToken cancellation)
    {
        if (!_units.TryGetValue(code, out var found))
            _units[code] = found = session.Query<Organisation>().Where(o => o.AnyTenant() && o.Code == code).Select(o => o.Name).FirstOrDefaultAsync(cancellation);
        return found;
    }

    public Task<IReadOnlyList<User>> DriverAccountAsync(Guid driverId, CancellationToken cancellation) =>
        PeopleAsync($"driver|{driverId:N}", async s =>
        {
            var driver = await s.Query<DriverRecord>().FirstOrDefaultAsync(d => d.AnyTenant() && d.Id == driverId, cancellation);
            if (driver?.UserId is not { } account) return [];
            return await s.Query<User>().Where(u => u.AnyTenant() && u.Id == account).ToListAsync(cancellation);
        });

    public async Task<NotificationPreferences> PreferencesAsync(Guid person, CancellationToken cancellation)
    {
        if (!_preferences.TryGetValue(person, out var found))
            _preferences[person] = found = session.Query<NotificationPreferences>().FirstOrDefaultAsync(p => p.AnyTenant() && p.Id == person, cancellation);
        return await found ?? NotificationPreferences.Default(person);
    }
}
