using Fleet.Domain.People;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>Each account's current state as a document, inline: sign-in and the user lists read it.</summary>
public sealed partial class UserProjection : SingleStreamProjection<User, Guid>
{
    public static User Create(UserRegistered e) => User.Create(e);

    public static User Apply(User user, UserRolesChanged e) => user.Apply(e);

    public static User Apply(User user, UserMoved e) => user.Apply(e);

    public static User Apply(User user, UserDeactivated e) => user.Apply(e);

    public static User Apply(User user, UserReactivated e) => user.Apply(e);
}
