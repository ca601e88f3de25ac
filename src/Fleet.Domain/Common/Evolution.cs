using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Fleet.Domain.Common;

/// <summary>
/// Folds an event into an aggregate by the aggregate's own public <c>Apply(TEvent)</c> methods, the convention Marten
/// rebuilds the same aggregates by, so that each event an aggregate knows is listed once: in its <c>Apply</c>.
/// </summary>
public static class Evolution
{
    /// <summary>
    /// The state after one more event: lets a command answer with the result before it is stored. An event the
    /// aggregate has no <c>Apply</c> for leaves it as it is, as it does when Marten folds the stream.
    /// </summary>
    public static T Evolve<T>(this T state, object e) where T : class =>
        Appliers<T>.For(e.GetType()) is { } apply ? apply(state, e) : state;

    private static class Appliers<T> where T : class
    {
        public static readonly IReadOnlyDictionary<Type, Func<T, object, T>> Declared = typeof(T)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == "Apply" && m.ReturnType == typeof(T) && m.GetParameters().Length == 1 && !m.ContainsGenericParameters)
            .ToDictionary(m => m.GetParameters()[0].ParameterType, Compile);

        // Looked up once per event type: an event of a type derived from the one an Apply takes is applied by it.
        private static readonly ConcurrentDictionary<Type, Func<T, object, T>?> ByEventType = new();

        public static Func<T, object, T>? For(Type eventType) => ByEventType.GetOrAdd(eventType, Find);

        private static Func<T, object, T>? Find(Type eventType) =>
            Declared.TryGetValue(eventType, out var exact)
                ? exact
                : Declared.Where(d => d.Key.IsAssignableFrom(eventType)).Select(d => d.Value).FirstOrDefault();

        private static Func<T, object, T> Compile(MethodInfo apply)
        {
            var state = Expression.Parameter(typeof(T), "state");
            var e = Expression.Parameter(typeof(object), "e");
            var call = Expression.Call(state, apply, Expression.Convert(e, apply.GetParameters()[0].ParameterType));
            return Expression.Lambda<Func<T, object, T>>(call, state, e).Compile();
        }
    }
}
