using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Integrity;

/// <summary>
/// The chain of each database (ADR 025): with cities in databases of their own, every database numbers its events itself,
/// so each keeps a chain over its own events, its digests, checkpoints and verifications, beside them. A pool's are its
/// city's; a single city has one.
/// </summary>
public sealed class AuditChains
{
    private readonly FleetDatabases _databases;
    private readonly Dictionary<FleetDatabase, AuditChainParts> _byDatabase = new(ReferenceEqualityComparer.Instance);

    public AuditChains(FleetDatabases databases, IDocumentStore store, DateTimeZone zone, AuditSealer sealer, AuditSigner signer, IClock clock,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        _databases = databases;
        foreach (var (_, database) in databases.All())
        {
            var chain = new AuditChainStore(database, store, zone);
            var verifier = new AuditVerifier(chain, sealer, signer, clock);
            _byDatabase[database] = new AuditChainParts(chain, verifier,
                new AuditVerificationRuns(verifier, chain, clock, lifetime, loggers.CreateLogger<AuditVerificationRuns>()));
        }
    }

    /// <summary>The main database's: the only one of a single city.</summary>
    public AuditChainParts Main => _byDatabase[_databases.Main];

    /// <summary>The chain of the database that keeps <paramref name="pool"/>'s events.</summary>
    public AuditChainParts For(string pool) => _byDatabase[_databases.For(pool)];

    public IEnumerable<AuditChainParts> All => _byDatabase.Values;

    /// <summary>
    /// The chains a supervisor checks: a district's supervisor the district's own; the city's every chain of the database, or
    /// in a province only the city's pools — another city may share the database, and its chains are its own.
    /// </summary>
    public IReadOnlyCollection<string>? ChainsOf(Actor actor) =>
        !actor.SeesWholeCity ? [actor.Pool]
        : _databases.Cities.IsProvince ? _databases.Cities.PoolsOfCityOf(actor.Pool)
        : null;

    /// <summary>One verification at a time runs for the whole city and one for each district.</summary>
    public string ScopeOf(Actor actor) =>
        !actor.SeesWholeCity ? actor.Pool
        : _databases.Cities.IsProvince ? ScopeOf(_databases.Cities.CityOf(actor.Pool)?.Code ?? actor.Pool)
        : AuditChain.City;

    /// <summary>The verifications of a city of the province: its supervisors' and the province's look at the same runs.</summary>
    public static string ScopeOf(string city) => $"{AuditChain.City}:{city}";
}

/// <summary>One database's chain: where it is kept, how it is verified, and the verifications under way.</summary>
public sealed record AuditChainParts(AuditChainStore Chain, AuditVerifier Verifier, AuditVerificationRuns Runs);
