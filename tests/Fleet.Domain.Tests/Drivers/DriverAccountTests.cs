using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Tests.Vehicles;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverAccountTests
{
    private static readonly Guid UserId = Guid.Parse("01900000-0000-7000-8000-0000000000f1");

    private static User Account(string pool = "420102", bool active = true, params Role[] roles) =>
        User.From(new UserRegistered(UserId, "jiangan.wang", "王建国", "420102", OrganisationKind.District, pool,
            roles.Length == 0 ? [Role.Driver] : roles, Now)) with { Active = active };

    [Fact]
    public void A_drivers_account_of_the_same_pool_is_linked()
    {
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, Account(), linkedElsewhere: false, Now)
            .ShouldAccept(new DriverAccountLinked(Id, UserId, "jiangan.wang", Now));
        Active.When(new DriverAccountLinked(Id, UserId, "jiangan.wang", Now)).UserId.Should().Be(UserId);
    }

    [Fact]
    public void The_account_must_be_an_active_drivers_of_the_pool_and_not_drive_as_someone_else()
    {
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, Account(roles: Role.Clerk), false, Now).ShouldRefuseWith(("userId", "driver.account_not_a_driver"));
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, Account(active: false), false, Now).ShouldRefuseWith(("userId", "driver.account_inactive"));
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, Account(pool: "420103"), false, Now).ShouldRefuseWith(("userId", "driver.account_other_pool"));
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, Account(), linkedElsewhere: true, Now).ShouldRefuse("driver.account_taken", ProblemKind.Conflict);
    }

    [Fact]
    public void A_driver_who_left_or_is_already_linked_is_not_linked_again()
    {
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Left, Account(), false, Now).ShouldRefuse("driver.left_service", ProblemKind.Conflict);
        var linked = Active.When(new DriverAccountLinked(Id, UserId, "jiangan.wang", Now));
        DriverAccount.Link(new LinkDriverAccountForm(UserId), linked, Account(), false, Now).ShouldRefuse("driver.account_unchanged", ProblemKind.Conflict);
    }

    [Fact]
    public void The_form_names_an_account_that_exists()
    {
        DriverAccount.Link(new LinkDriverAccountForm(null), Active, null, false, Now).ShouldRefuseWith(("userId", "validation.required"));
        DriverAccount.Link(new LinkDriverAccountForm(UserId), Active, null, false, Now).ShouldRefuse("user.not_found", ProblemKind.NotFound);
    }
}
