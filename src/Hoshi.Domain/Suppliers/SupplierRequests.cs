namespace Hoshi.Domain.Suppliers;

/// <summary>Where a buyer's request for a level stands, as recorded.</summary>
public enum RequestState
{
    /// <summary>Sent by the buyer; the supplier has not answered yet (comments do not answer it).</summary>
    Sent,

    /// <summary>The supplier accepted the level and the due date.</summary>
    Accepted,

    /// <summary>The supplier proposed another due date; the buyer may agree (the due date moves) or not.</summary>
    DateProposed,

    /// <summary>The buyer withdrew the request.</summary>
    Withdrawn,
}

/// <summary>What someone does to a request.</summary>
public enum RequestAction
{
    Accept,
    Comment,
    ProposeDate,
    AgreeDate,
    Withdraw,
}

/// <summary>Which side of a request someone is on.</summary>
public enum RequestSide
{
    Buyer,
    Supplier,
}

/// <summary>What both sides see: the recorded state, or met (the supplier holds the level) or overdue (past its due date).</summary>
public enum RequestProgress
{
    Open,
    Accepted,
    DateProposed,
    Overdue,
    Met,
    Withdrawn,
}

/// <summary>
/// Requests from a buyer to a supplier for a level by a due date. The supplier accepts, comments
/// or proposes another date; the buyer comments, agrees to a proposed date or withdraws. A
/// request is met as soon as the supplier holds a valid star at or above the level asked for,
/// and overdue once its due date has passed without that.
/// </summary>
public static class SupplierRequests
{
    public const int MaxTextLength = 2000;

    /// <summary>Whether <paramref name="side"/> may do <paramref name="action"/> to a request in <paramref name="state"/>.</summary>
    public static bool May(RequestSide side, RequestAction action, RequestState state) => (side, action, state) switch
    {
        (_, _, RequestState.Withdrawn) => false,
        (_, RequestAction.Comment, _) => true,
        (RequestSide.Supplier, RequestAction.Accept, RequestState.Sent or RequestState.DateProposed) => true,
        (RequestSide.Supplier, RequestAction.ProposeDate, RequestState.Sent or RequestState.Accepted or RequestState.DateProposed) => true,
        (RequestSide.Buyer, RequestAction.AgreeDate, RequestState.DateProposed) => true,
        (RequestSide.Buyer, RequestAction.Withdraw, _) => true,
        _ => false,
    };

    /// <summary>The state after the action (a comment leaves it as it is; agreeing to a date accepts the request at that date).</summary>
    public static RequestState After(RequestAction action, RequestState state) => action switch
    {
        RequestAction.Accept or RequestAction.AgreeDate => RequestState.Accepted,
        RequestAction.ProposeDate => RequestState.DateProposed,
        RequestAction.Withdraw => RequestState.Withdrawn,
        _ => state,
    };

    /// <summary>A due date must be after today; a proposed date must differ from the current due date.</summary>
    public static string? CheckDueDate(DateOnly? due, DateOnly today, DateOnly? current = null) => due switch
    {
        null => "dueRequired",
        { } d when d <= today => "dueInPast",
        { } d when current == d => "dueUnchanged",
        _ => null,
    };

    public static RequestProgress Progress(RequestState state, Level requested, DateOnly due, SupplierStanding standing, DateOnly today)
    {
        if (state == RequestState.Withdrawn)
        {
            return RequestProgress.Withdrawn;
        }

        if (standing.HeldLevel is { } held && held >= requested && standing.Status is SupplierStatus.Valid or SupplierStatus.Expiring)
        {
            return RequestProgress.Met;
        }

        if (today > due)
        {
            return RequestProgress.Overdue;
        }

        return state switch
        {
            RequestState.Accepted => RequestProgress.Accepted,
            RequestState.DateProposed => RequestProgress.DateProposed,
            _ => RequestProgress.Open,
        };
    }
}
