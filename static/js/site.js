// Enhancements only: without JavaScript every page still works (no-script.css shows the
// menu open).

// The mobile menu: a disclosure button that shows and hides the navigation and search.
function setUpMenu() {
  const button = document.querySelector("[data-nav-toggle]");
  const nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) {
    return;
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("site-header__menu--open", open);
  }

  setOpen(false);

  button.addEventListener("click", () => {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });

  // Tapping outside the open menu closes it.
  document.addEventListener("click", (event) => {
    const open = button.getAttribute("aria-expanded") === "true";
    if (open && !nav.contains(event.target) && !button.contains(event.target)) {
      setOpen(false);
    }
  });
}

// Printing: open every answer and print full link addresses.
function setUpPrint() {
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details:not([open])").forEach((details) => {
      details.setAttribute("open", "");
      details.dataset.printOpened = "";
    });
    document.querySelectorAll(".prose a[href], .meta a[href]").forEach((link) => {
      link.dataset.printHref = link.href;
    });
  });
  window.addEventListener("afterprint", () => {
    document.querySelectorAll("details[data-print-opened]").forEach((details) => {
      details.removeAttribute("open");
      delete details.dataset.printOpened;
    });
  });
}

// Videos (templates/healinghaven/blocks/video_block.html): the link to the video's host
// becomes a play button. Nothing is fetched from the host until it is pressed; then its
// player (the only other site the CSP lets the page frame) takes the button's place.
function setUpVideos() {
  document.querySelectorAll("[data-video-player]").forEach((video) => {
    const link = video.querySelector(".video__screen");
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.append(...link.childNodes);
    button.setAttribute("aria-label", `Play video: ${video.dataset.videoTitle}`);
    button.querySelector("[data-video-label]").textContent = "Play video";
    link.replaceWith(button);
    button.addEventListener("click", () => {
      const player = document.createElement("iframe");
      player.className = "video__player";
      player.src = video.dataset.videoPlayer;
      player.title = `Video: ${video.dataset.videoTitle}`;
      player.allow = "autoplay; fullscreen; picture-in-picture";
      player.allowFullscreen = true;
      button.replaceWith(player);
      player.focus();
    });
  });
}

setUpMenu();
setUpPrint();
setUpVideos();
