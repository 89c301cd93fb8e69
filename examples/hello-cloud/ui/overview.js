define(["dojo/_base/declare", "aps/View"], function (declare, View) {
    // The tenant's overview: how many users it has.
    return declare(View, {
        init: function () {
            return ["aps/Output", { id: "users", label: "Users", value: "${tenant.users.usage}" }];
        }
    });
});
