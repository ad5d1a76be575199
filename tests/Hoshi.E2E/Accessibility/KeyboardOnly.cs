using Microsoft.Playwright;

namespace Hoshi.E2E.Accessibility;

/// <summary>
/// A person who uses the keyboard alone: Tab / Shift+Tab to move, Enter, Space and the arrow keys to
/// act, typing to write. Every move checks that the focused element shows its focus (WCAG 2.4.7) and
/// that focus moved on (never stuck on one element, WCAG 2.1.2); no step clicks or fills directly.
/// </summary>
public sealed class KeyboardOnly(IPage page)
{
    /// <summary>How many Tab presses a target may take before the test calls it unreachable.</summary>
    private const int MaxPresses = 400;

    /// <summary>Every element the focus has visited, for the failure message.</summary>
    private readonly List<string> _path = [];

    public IPage Page => page;

    /// <summary>Moves the focus with Tab (or Shift+Tab) until <paramref name="target"/> has it.</summary>
    public async Task TabToAsync(ILocator target, bool backwards = false)
    {
        await target.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var handle = await target.ElementHandleAsync();
        if (await handle.EvaluateAsync<bool>("e => e === document.activeElement"))
        {
            return;
        }

        _path.Clear();
        var stuck = 0;
        for (var i = 0; i < MaxPresses; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var state = await handle.EvaluateAsync<FocusState>(@"target => {
                const a = document.activeElement;
                const same = a === window.__hoshiLastFocus;
                window.__hoshiLastFocus = a;
                if (!a || a === document.body) return { here: false, name: 'body', visible: true, same: false };
                const s = getComputedStyle(a);
                const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                const shadow = s.boxShadow && s.boxShadow !== 'none';
                const name = a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.getAttribute('data-testid') ? '[' + a.getAttribute('data-testid') + ']' : '') + (a.getAttribute('name') ? '(' + a.getAttribute('name') + ')' : '') + (a.tagName === 'A' || a.tagName === 'BUTTON' ? '""' + a.textContent.trim().slice(0, 16) + '""' : '');
                return { here: a === target, name, visible: a.matches(':focus-visible') && (outline || shadow), same };
            }");
            _path.Add(state.Name);
            Assert.True(state.Visible, $"The focus on {state.Name} is not visible (after {string.Join(" → ", _path.TakeLast(5))})");
            if (state.Here)
            {
                return;
            }

            stuck = state.Same ? stuck + 1 : 0;
            Assert.True(stuck < 3, $"The focus is trapped on {state.Name}");
        }

        Assert.Fail($"{MaxPresses} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {target}; the focus went {string.Join(" → ", _path.Take(30))} … {string.Join(" → ", _path.TakeLast(10))}");
    }

    /// <summary>Tabs to <paramref name="target"/> and presses <paramref name="key"/> there.</summary>
    public async Task PressOnAsync(ILocator target, string key = "Enter", bool backwards = false)
    {
        await TabToAsync(target, backwards);
        await page.Keyboard.PressAsync(key);
    }

    /// <summary>Tabs to a text field, selects what it holds and types <paramref name="text"/> over it.</summary>
    public async Task TypeIntoAsync(ILocator field, string text, bool backwards = false)
    {
        await TabToAsync(field, backwards);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        // Text arrives as an input method would commit it (Japanese cannot be typed key by key).
        await page.Keyboard.InsertTextAsync(text);
    }

    /// <summary>The element that has the focus now is <paramref name="expected"/>.</summary>
    public async Task ExpectFocusOnAsync(ILocator expected, string why) =>
        Assert.True(await expected.EvaluateAsync<bool>("e => e === document.activeElement"), $"{why}: the focus is on {await FocusedAsync()}");

    public Task<string> FocusedAsync() => page.EvaluateAsync<string>(@"() => {
        const a = document.activeElement;
        return a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.getAttribute('data-testid') ? '[' + a.getAttribute('data-testid') + ']' : '') : 'nothing';
    }");

    /// <summary>
    /// Tabs through the whole page from where the focus is: the focus leaves the page after the last
    /// element and comes back to the first (the skip link), so nothing holds it.
    /// </summary>
    public async Task ExpectNoTrapAsync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3000; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var name = await page.EvaluateAsync<string>("() => { const a = document.activeElement; return !a || a === document.body ? 'body' : (a.classList.contains('skip-link') ? 'skip-link' : a.tagName + (a.id || a.getAttribute('name') || a.textContent.trim().slice(0, 20))); }");
            if (name == "skip-link" && seen.Count > 0)
            {
                return;
            }

            seen.Add(name);
        }

        Assert.Fail($"Tabbing 3000 times never came back to the top of the page; last: {await FocusedAsync()}");
    }

    /// <summary>Where the focus is after a key press (a class with setters: Playwright fills it from JSON).</summary>
    private sealed class FocusState
    {
        public bool Here { get; set; }

        public string Name { get; set; } = "";

        public bool Visible { get; set; }

        public bool Same { get; set; }
    }
}
