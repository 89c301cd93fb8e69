use crate::lint::Cx;
use aps_diag::rule;

rule! { REFERENCE_CYCLE;
    //! ## What it does
    //! Reports wizard resources (`apsResources[]`, `resellerProfile`) whose
    //! `relations` refer to each other in a cycle (including a resource that
    //! relates to itself).
    //!
    //! ## Why
    //! The platform creates the wizard resources one after another, and a
    //! relation can only point at a resource that exists. In a cycle, no
    //! resource can be created first.
    //!
    //! ## Example
    //! ```json
    //! "apsResources": [
    //!   { "id": "a", …, "relations": { "peer": "b" } },
    //!   { "id": "b", …, "relations": { "peer": "a" } }
    //! ]
    //! ```
    //!
    //! ## Fix
    //! Break the cycle: drop one of the relations, or point it at the
    //! application instance (`idglobals`) or an existing resource (UUID).

    /// Wizard resources that relate to each other in a cycle.
    pub(crate) struct ReferenceCycle<'a> {
        /// The ids of the cycle's resources, in order.
        pub members: &'a [&'a str],
        /// The relation that closes it.
        pub relation: &'a str,
    } => {
        let mut chain: Vec<String> = members.iter().map(|id| format!("`{id}`")).collect();
        chain.push(chain[0].clone());
        if members.len() == 1 {
            format!("wizard resource {} relates to itself through `{}`", chain[0], relation)
        } else {
            format!("wizard resources relate to each other in a cycle: {}", chain.join(" → "))
        }
    },
        help: "drop one relation of the cycle, or point it at `idglobals` or an existing resource's UUID"
            .into();
}

/// A cycle: the profile indices in order, and for each step the relation
/// (profile index, relation index, target index) that makes it.
pub(crate) struct Cycle {
    pub members: Vec<usize>,
    pub closing: (usize, usize, usize),
}

/// Every elementary cycle found by one depth-first walk (linear in the
/// number of relations): each back edge closes one cycle.
pub(crate) fn find_cycles(w: &crate::wizard::Wizard<'_>) -> Vec<Cycle> {
    let n = w.profiles.len();
    // Only the first declaration of an id takes part: duplicates are WIZ101.
    let edges: Vec<Vec<(usize, usize, usize)>> = w
        .profiles
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            for (ri, rel) in p.relations.iter().enumerate() {
                for (ti, (_, t)) in rel.targets.iter().enumerate() {
                    if let Some(&to) = w.profile_index.get(t.value) {
                        out.push((to, ri, ti));
                    }
                }
            }
            out
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; n];
    let mut cycles = Vec::new();
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        // (node, next edge to look at); `path` mirrors the open nodes.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path = vec![start];
        state[start] = State::Open;
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&(to, ri, ti)) = edges[node].get(top.1) {
                top.1 += 1;
                match state[to] {
                    State::New => {
                        state[to] = State::Open;
                        stack.push((to, 0));
                        path.push(to);
                    }
                    State::Open => {
                        let from = path.iter().position(|&p| p == to).unwrap_or(0);
                        cycles.push(Cycle { members: path[from..].to_vec(), closing: (node, ri, ti) });
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                stack.pop();
                path.pop();
            }
        }
    }
    cycles
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    for cycle in find_cycles(w) {
        let (p, r, t) = cycle.closing;
        let rel = &w.profiles[p].relations[r];
        let span = rel.targets[t].1.span;
        let members: Vec<&str> =
            cycle.members.iter().map(|&i| w.profiles[i].id.map(|x| x.value).unwrap_or("?")).collect();
        let d = cx
            .diag(&ReferenceCycle { members: &members, relation: rel.name.value }, span)
            .with_label(format!("relation `{}` closes the cycle", rel.name.value))
            .with_note(
                "the platform creates wizard resources one by one; in a cycle none can be created first",
            );
        cx.report(d);
    }
}
