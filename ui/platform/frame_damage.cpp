#include "ui/platform/frame_damage.h"

#include <algorithm>
#include <cmath>
#include <cfloat>
#include <cstring>

namespace td::ui::platform {
namespace {

void Unite(DamageRect& a, const DamageRect& b) {
  if (b.Empty()) return;
  if (a.Empty()) {
    a = b;
    return;
  }
  a.x0 = std::min(a.x0, b.x0);
  a.y0 = std::min(a.y0, b.y0);
  a.x1 = std::max(a.x1, b.x1);
  a.y1 = std::max(a.y1, b.y1);
}

// What a list can touch: for each command, the box of the vertices its triangles use, cut to
// its clip rectangle. (Clip rectangles alone are too wide: a window's first command clips to the
// whole display.)
DamageRect Bounds(const ImDrawVert* vtx, size_t vtx_count, const ImDrawIdx* idx, size_t idx_count, const ImDrawCmd* cmds,
                  size_t cmd_count) {
  DamageRect r;
  for (size_t k = 0; k < cmd_count; ++k) {
    const ImDrawCmd& c = cmds[k];
    if (c.UserCallback) {
      Unite(r, {c.ClipRect.x, c.ClipRect.y, c.ClipRect.z, c.ClipRect.w});
      continue;
    }
    if (c.ElemCount == 0) continue;
    float x0 = FLT_MAX, y0 = FLT_MAX, x1 = -FLT_MAX, y1 = -FLT_MAX;
    const size_t end = std::min<size_t>(idx_count, size_t{c.IdxOffset} + c.ElemCount);
    for (size_t i = c.IdxOffset; i < end; ++i) {
      const size_t v = size_t{c.VtxOffset} + idx[i];
      if (v >= vtx_count) continue;
      const ImVec2 p = vtx[v].pos;
      x0 = std::min(x0, p.x);
      y0 = std::min(y0, p.y);
      x1 = std::max(x1, p.x);
      y1 = std::max(y1, p.y);
    }
    if (x0 > x1) continue;
    Unite(r, {std::max(x0, c.ClipRect.x), std::max(y0, c.ClipRect.y), std::min(x1, c.ClipRect.z),
              std::min(y1, c.ClipRect.w)});
  }
  return r;
}

DamageRect Bounds(const ImDrawList& list) {
  return Bounds(list.VtxBuffer.Data, static_cast<size_t>(list.VtxBuffer.Size), list.IdxBuffer.Data,
                static_cast<size_t>(list.IdxBuffer.Size), list.CmdBuffer.Data, static_cast<size_t>(list.CmdBuffer.Size));
}

bool SameCmd(const ImDrawCmd& a, const ImDrawCmd& b) {
  return std::memcmp(&a.ClipRect, &b.ClipRect, sizeof a.ClipRect) == 0 && a.TextureId == b.TextureId &&
         a.VtxOffset == b.VtxOffset && a.IdxOffset == b.IdxOffset && a.ElemCount == b.ElemCount &&
         a.UserCallback == b.UserCallback && a.UserCallbackData == b.UserCallbackData;
}

template <typename T>
bool SameBuffer(const std::vector<T>& a, const ImVector<T>& b) {
  return a.size() == static_cast<size_t>(b.Size) && (a.empty() || std::memcmp(a.data(), b.Data, a.size() * sizeof(T)) == 0);
}

bool SameList(const std::vector<ImDrawCmd>& cmds, const ImDrawList& list) {
  if (cmds.size() != static_cast<size_t>(list.CmdBuffer.Size)) return false;
  for (size_t i = 0; i < cmds.size(); ++i)
    if (!SameCmd(cmds[i], list.CmdBuffer[static_cast<int>(i)])) return false;
  return true;
}

template <typename T>
void Assign(std::vector<T>& out, const ImVector<T>& in) {
  out.assign(in.Data, in.Data + in.Size);
}

// What changed between the copy of a list and the list now. When only vertices changed (same
// commands, same indices: a clock's digits, a colour), the box of the triangles that use a
// changed vertex, old and new positions; otherwise the box of everything either drew.
DamageRect ListDamage(const std::vector<ImDrawVert>& old_vtx, const std::vector<ImDrawIdx>& old_idx,
                      const std::vector<ImDrawCmd>& old_cmd, const DamageRect& old_bounds, const ImDrawList& list) {
  const bool same_cmd = SameList(old_cmd, list), same_idx = SameBuffer(old_idx, list.IdxBuffer);
  if (same_cmd && same_idx && SameBuffer(old_vtx, list.VtxBuffer)) return {};
  if (!same_cmd || !same_idx || old_vtx.size() != static_cast<size_t>(list.VtxBuffer.Size)) {
    DamageRect r = old_bounds;
    Unite(r, Bounds(list));
    return r;
  }
  const size_t n = old_vtx.size();
  const ImDrawVert* now = list.VtxBuffer.Data;
  size_t first = 0, last = n;
  while (first < n && std::memcmp(&old_vtx[first], &now[first], sizeof(ImDrawVert)) == 0) ++first;
  while (last > first && std::memcmp(&old_vtx[last - 1], &now[last - 1], sizeof(ImDrawVert)) == 0) --last;
  DamageRect r;
  for (const ImDrawCmd& c : list.CmdBuffer) {
    if (c.UserCallback || c.ElemCount == 0) continue;
    const size_t end = std::min<size_t>(old_idx.size(), size_t{c.IdxOffset} + c.ElemCount);
    for (size_t i = c.IdxOffset; i + 2 < end; i += 3) {
      const size_t v[3] = {size_t{c.VtxOffset} + old_idx[i], size_t{c.VtxOffset} + old_idx[i + 1], size_t{c.VtxOffset} + old_idx[i + 2]};
      bool touched = false;
      for (size_t k : v) touched = touched || (k >= first && k < last);
      if (!touched) continue;
      for (size_t k : v) {
        if (k >= n) continue;
        for (const ImVec2& p : {old_vtx[k].pos, now[k].pos})
          Unite(r, {std::max(p.x, c.ClipRect.x), std::max(p.y, c.ClipRect.y), std::min(p.x + 1.0f, c.ClipRect.z),
                    std::min(p.y + 1.0f, c.ClipRect.w)});
      }
    }
  }
  return r;
}

}  // namespace

DamageRect FrameDamage::Update(const ImDrawData& data) {
  const DamageRect display{data.DisplayPos.x, data.DisplayPos.y, data.DisplayPos.x + data.DisplaySize.x,
                           data.DisplayPos.y + data.DisplaySize.y};
  const int n = data.CmdListsCount;
  bool full = !m_valid || data.DisplayPos.x != m_display_pos.x || data.DisplayPos.y != m_display_pos.y ||
              data.DisplaySize.x != m_display_size.x || data.DisplaySize.y != m_display_size.y;
  // The lists must come in the same order (same owners) for a per-list comparison to hold.
  if (!full && static_cast<size_t>(n) == m_prev.size()) {
    for (int i = 0; i < n && !full; ++i) {
      const char* owner = data.CmdLists[i]->_OwnerName;
      full = m_prev[static_cast<size_t>(i)].owner != (owner ? owner : "");
    }
  }
  DamageRect damage;
  if (!full && static_cast<size_t>(n) != m_prev.size()) {
    // Lists came or went (a popup, a tooltip): their areas, old and new, unless the order of
    // the lists that stayed changed.
    std::vector<bool> matched(m_prev.size(), false);
    size_t next_prev = 0;
    for (int i = 0; i < n && !full; ++i) {
      const ImDrawList& list = *data.CmdLists[i];
      const std::string owner = list._OwnerName ? list._OwnerName : "";
      size_t j = next_prev;
      while (j < m_prev.size() && m_prev[j].owner != owner) ++j;
      if (j == m_prev.size()) {
        // New here, or it moved backwards in the order: compare with nothing.
        for (size_t k = 0; k < next_prev; ++k) full = full || m_prev[k].owner == owner;
        Unite(damage, Bounds(list));
        continue;
      }
      matched[j] = true;
      next_prev = j + 1;
      const ListCopy& old = m_prev[j];
      Unite(damage, ListDamage(old.vtx, old.idx, old.cmd, old.bounds, list));
    }
    for (size_t j = 0; j < m_prev.size(); ++j)
      if (!matched[j]) Unite(damage, m_prev[j].bounds);
  } else if (!full) {
    for (int i = 0; i < n; ++i) {
      const ImDrawList& list = *data.CmdLists[i];
      const ListCopy& old = m_prev[static_cast<size_t>(i)];
      Unite(damage, ListDamage(old.vtx, old.idx, old.cmd, old.bounds, list));
    }
  }

  // Remember this frame: the lists that changed (memcmp is cheap next to drawing).
  m_prev.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    ListCopy& c = m_prev[static_cast<size_t>(i)];
    const char* owner = list._OwnerName ? list._OwnerName : "";
    if (c.owner == owner && SameList(c.cmd, list) && SameBuffer(c.vtx, list.VtxBuffer) && SameBuffer(c.idx, list.IdxBuffer))
      continue;  // the copy is already this list (most lists, most frames)
    c.owner = owner;
    Assign(c.vtx, list.VtxBuffer);
    Assign(c.idx, list.IdxBuffer);
    Assign(c.cmd, list.CmdBuffer);
    c.bounds = Bounds(list);
  }
  m_display_pos = data.DisplayPos;
  m_display_size = data.DisplaySize;
  m_valid = true;

  if (full) return display;
  // Clip rectangles may reach past the display; and whole pixels, so no edge is left half drawn.
  damage.x0 = std::max(display.x0, std::floor(damage.x0));
  damage.y0 = std::max(display.y0, std::floor(damage.y0));
  damage.x1 = std::min(display.x1, std::ceil(damage.x1));
  damage.y1 = std::min(display.y1, std::ceil(damage.y1));
  return damage.Empty() ? DamageRect{} : damage;
}

void ClipDrawData(ImDrawData& data, const DamageRect& rect) {
  for (int i = 0; i < data.CmdListsCount; ++i) {
    for (ImDrawCmd& c : data.CmdLists[i]->CmdBuffer) {
      if (c.UserCallback) continue;
      ImVec4& r = c.ClipRect;
      r.x = std::max(r.x, rect.x0);
      r.y = std::max(r.y, rect.y0);
      r.z = std::min(r.z, rect.x1);
      r.w = std::min(r.w, rect.y1);
      if (r.z <= r.x || r.w <= r.y) {
        c.ElemCount = 0;
        r = ImVec4(rect.x0, rect.y0, rect.x0, rect.y0);
      }
    }
  }
}

}  // namespace td::ui::platform
