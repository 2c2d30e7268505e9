from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import actions, queries
from .forms import DisplayNameForm

COMMENTS_PER_PAGE = 20


def profile(request, username: str):
    reader = get_object_or_404(queries.readers(), username=username)
    # Imported here so that accounts, which the discussion builds on, loads without it.
    from gazette.comments.queries import public_comments_by

    comments = Paginator(public_comments_by(reader), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/profile.html",
        {"reader": reader, "comments": comments, "is_own_profile": request.user == reader},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    form = DisplayNameForm(
        request.POST or None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_display_name(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            form.add_error("display_name", error)
        else:
            messages.success(request, "Your display name is saved.")
            return redirect("reader_settings")
    return render(request, "accounts/edit_profile.html", {"form": form})
