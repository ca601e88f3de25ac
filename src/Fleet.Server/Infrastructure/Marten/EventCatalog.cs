using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Every event Fleet stores, with the alias it is stored under. The aliases are a public contract with the
/// data already written: renaming or moving a C# type must never change them, and a new event gets a new
/// line here.
/// </summary>
public static class EventCatalog
{
    public static readonly IReadOnlyDictionary<Type, string> Aliases = new Dictionary<Type, string>
    {
        [typeof(OrganisationEstablished)] = "organisation_established",
        [typeof(OrganisationRenamed)] = "organisation_renamed",
        [typeof(OrganisationClosed)] = "organisation_closed",
        [typeof(UserRegistered)] = "user_registered",
        [typeof(UserRolesChanged)] = "user_roles_changed",
        [typeof(UserMoved)] = "user_moved",
        [typeof(UserDeactivated)] = "user_deactivated",
        [typeof(UserReactivated)] = "user_reactivated",
        [typeof(VehicleRegistered)] = "vehicle_registered",
        [typeof(VehicleTransferred)] = "vehicle_transferred",
        [typeof(VehicleReceived)] = "vehicle_received",
        [typeof(MaintenanceScheduled)] = "maintenance_scheduled",
        [typeof(MaintenanceStarted)] = "maintenance_started",
        [typeof(MaintenanceCompleted)] = "maintenance_completed",
        [typeof(MaintenanceCancelled)] = "maintenance_cancelled",
        [typeof(AnnualInspectionRecorded)] = "annual_inspection_recorded",
        [typeof(InsuranceRecorded)] = "insurance_recorded",
        [typeof(OdometerRead)] = "odometer_read",
        [typeof(OdometerCorrected)] = "odometer_corrected",
        [typeof(VehicleRetired)] = "vehicle_retired",
        [typeof(VehicleDisposed)] = "vehicle_disposed",
        [typeof(DriverRegistered)] = "driver_registered",
        [typeof(DriverLicenceRenewed)] = "driver_licence_renewed",
        [typeof(DriverTransferred)] = "driver_transferred",
        [typeof(DriverReceived)] = "driver_received",
        [typeof(DriverLeaveScheduled)] = "driver_leave_scheduled",
        [typeof(DriverLeaveCancelled)] = "driver_leave_cancelled",
        [typeof(DriverSuspended)] = "driver_suspended",
        [typeof(DriverReinstated)] = "driver_reinstated",
        [typeof(DriverLeftService)] = "driver_left_service",
        [typeof(DriverAccountLinked)] = "driver_account_linked",
        [typeof(TripRequested)] = "trip_requested",
        [typeof(TripRequestAmended)] = "trip_request_amended",
        [typeof(TripApprovalRequired)] = "trip_approval_required",
        [typeof(TripAutoApproved)] = "trip_auto_approved",
        [typeof(TripApproved)] = "trip_approved",
        [typeof(TripRejected)] = "trip_rejected",
        [typeof(EmergencyTripFlaggedForReview)] = "emergency_trip_flagged_for_review",
        [typeof(TripCancelled)] = "trip_cancelled",
        [typeof(PolicyChanged)] = "policy_changed",
        [typeof(TripDispatched)] = "trip_dispatched",
        [typeof(TripReassigned)] = "trip_reassigned",
        [typeof(TripUndispatched)] = "trip_undispatched",
        [typeof(DispatchRegisterOpened)] = "dispatch_register_opened",
        [typeof(DispatchOrderIssued)] = "dispatch_order_issued",
        [typeof(TripAccepted)] = "trip_accepted",
        [typeof(TripDeclined)] = "trip_declined",
        [typeof(TripStarted)] = "trip_started",
        [typeof(TripOdometerGapRecorded)] = "trip_odometer_gap_recorded",
        [typeof(TripFinished)] = "trip_finished",
        [typeof(TripStartOverdue)] = "trip_start_overdue",
        [typeof(TripReturnOverdue)] = "trip_return_overdue",
        [typeof(TripCompletionConfirmed)] = "trip_completion_confirmed",
        [typeof(TripDisputed)] = "trip_disputed",
        [typeof(TripRated)] = "trip_rated",
        [typeof(TripClosed)] = "trip_closed",
        [typeof(EmergencyTripReviewed)] = "emergency_trip_reviewed",
        [typeof(TripImported)] = "trip_imported",
        [typeof(LogbookFileImported)] = "logbook_file_imported",
    };
}
