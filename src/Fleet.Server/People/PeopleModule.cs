using Fleet.Domain.People;
using Fleet.Projections.AggregateState;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;

namespace Fleet.Server.People;

/// <summary>The accounts of the people who use Fleet, and their roles.</summary>
public sealed class PeopleModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(UserRegistered)] = "user_registered",
        [typeof(UserRolesChanged)] = "user_roles_changed",
        [typeof(UserMoved)] = "user_moved",
        [typeof(UserDeactivated)] = "user_deactivated",
        [typeof(UserReactivated)] = "user_reactivated",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton<SigningIn.PasswordSignIn>();

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add(new AggregateStateProjection<User>(), ProjectionLifecycle.Inline);
    }
}
