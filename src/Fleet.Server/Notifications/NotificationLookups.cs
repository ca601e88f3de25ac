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

    /// <summary>The key of a person's own account among <see cref="PeopleAsync"/>'s.</summary>
    public static string UserKey(Guid user) => $"user|{user:N}";

    private static string DriverKey(Guid driver) => $"driver|{driver:N}";

    /// <summary>
    /// Reads at once the accounts of <paramref name="users"/> and of <paramref name="drivers"/>, and the preferences of
    /// them all, for the lookups after it; whoever is not found here is looked up alone as before, and found missing alike.
    /// </summary>
    public async Task PrefetchAsync(IEnumerable<Guid> users, IEnumerable<Guid> drivers, CancellationToken cancellation)
    {
        var newDrivers = drivers.Distinct().Where(d => !_people.ContainsKey(DriverKey(d))).ToArray();
        var accounts = newDrivers.Length == 0
            ? []
            : (await session.Query<DriverRecord>().Where(d => d.AnyTenant() && d.Id.IsOneOf(newDrivers)).ToListAsync(cancellation))
            .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().UserId);

        var newUsers = users.Concat(accounts.Values.OfType<Guid>()).Distinct().Where(u => !_people.ContainsKey(UserKey(u))).ToArray();
        // Looked up across the pools, as one at a time: whatever a pool holds under an id is that person's.
        var found = newUsers.Length == 0
            ? Array.Empty<User>().ToLookup(u => u.Id)
            : (await session.Query<User>().Where(u => u.AnyTenant() && u.Id.IsOneOf(newUsers)).ToListAsync(cancellation)).ToLookup(u => u.Id);
        foreach (var user in newUsers) _people[UserKey(user)] = Task.FromResult<IReadOnlyList<User>>(found[user].ToList());
        foreach (var driver in newDrivers)
            _people[DriverKey(driver)] = accounts.GetValueOrDefault(driver) is { } account ? _people[UserKey(account)] : Task.FromResult<IReadOnlyList<User>>([]);

        await PrefetchPreferencesAsync(found.Select(g => g.Key), cancellation);
    }

    /// <summary>The preferences of <paramref name="people"/> not read yet, in one read.</summary>
    public async Task PrefetchPreferencesAsync(IEnumerable<Guid> people, CancellationToken cancellation)
    {
        var unread = people.Distinct().Where(p => !_preferences.ContainsKey(p)).ToArray();
        if (unread.Length == 0) return;
        var found = (await session.Query<NotificationPreferences>().Where(p => p.AnyTenant() && p.Id.IsOneOf(unread)).ToListAsync(cancellation))
            .GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var person in unread) _preferences[person] = Task.FromResult(found.GetValueOrDefault(person));
    }

    public async Task<string?> NameOfAsync(Guid user, CancellationToken cancellation) =>
        (await PeopleAsync(UserKey(user), async s =>
            await s.Query<User>().Where(u => u.AnyTenant() && u.Id == user).ToListAsync(cancellation))).FirstOrDefault()?.DisplayName;

    public Task<string?> UnitNameAsync(string code, CancellationToken cancellation)
    {
        if (!_units.TryGetValue(code, out var found))
            _units[code] = found = session.Query<Organisation>().Where(o => o.AnyTenant() && o.Code == code).Select(o => o.Name).FirstOrDefaultAsync(cancellation);
        return found;
    }

    public Task<IReadOnlyList<User>> DriverAccountAsync(Guid driverId, CancellationToken cancellation) =>
        PeopleAsync(DriverKey(driverId), async s =>
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
